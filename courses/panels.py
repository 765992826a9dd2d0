"""Read-only panels of the course editor."""

from wagtail.admin.panels import Panel


class CourseSessionsPanel(Panel):
    """The course's sessions with the way to edit each; sessions join a course from their own editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/course_sessions_panel.html"

        def get_context_data(self, parent_context=None):
            from courses.selectors import course_sessions_for_editor

            context = super().get_context_data(parent_context)
            context["sessions"] = course_sessions_for_editor(course=self.instance)
            return context
