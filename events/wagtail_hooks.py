import django_filters
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import Enrolment
from events.admin_views import (
    attendance_correct,
    checkin_events,
    event_copy,
    event_checkin,
    event_checkin_action,
    event_door,
    event_door_check_in,
    event_door_counts,
    event_door_list,
    event_door_search,
    event_door_sync,
    event_message,
    event_walk_in,
    registration_action,
)
from events.choosers import EventFilter, event_chooser_viewset
from events.models import Attendance, EventPage, Location, Registration
from events.selectors import staff_week
from lms.admin_listings import ReadableExportIndexView, ReadableInspectView, ReadOnlyModelViewSet
from lms.audit import describe_actions, record_access
from lms.filters import AdminFilterSet, filtered_id
from lms.page_buttons import PermissionPageButton

register_permission_policy(Registration)
register_permission_policy(Enrolment)
register_permission_policy(Attendance)

describe_actions({
    "registration.confirmed": _("Registration confirmed: %(target)s"),
    "registration.waiting": _("Put on the waiting list: %(target)s"),
    "registration.promoted": _("Moved up from the waiting list: %(target)s"),
    "registration.promoted_by_staff": _("Moved up from the waiting list by staff: %(target)s"),
    "registration.cancelled": _("Registration cancelled: %(target)s"),
    "registration.access_needs_changed": _("Access needs changed: %(target)s"),
    "attendance.corrected": _("Attendance corrected: %(target)s"),
    "attendance.checked_in": _("Checked in: %(target)s"),
    "attendance.check_in_undone": _("Check-in undone: %(target)s"),
    "attendance.check_in_moved_earlier": _("Check-in time moved earlier by a phone that was offline: %(target)s"),
    "registration.walk_in": _("Registered at the door: %(target)s"),
    "account.created_for_walk_in": _("Account created at the door: %(target)s"),
    "meeting.ended": _("Ended the webinar “%(event)s”"),
    "meeting.reopened": _("Reopened the webinar “%(event)s”"),
    "event.message_sent": _("Message sent to participants: %(target)s"),
    "enrolment.created": _("Enrolled in a course: %(target)s"),
    "enrolment.cancelled": _("Course enrolment cancelled: %(target)s"),
    # Who saw or exported people's data ("*": every event).
    "access.registrations.viewed": _("Opened the registrations list: %(target)s"),
    "access.registrations.exported": _("Exported the registrations list (%(format)s): %(target)s"),
    "access.attendance.viewed": _("Opened the attendance list: %(target)s"),
    "access.attendance.exported": _("Exported the attendance list (%(format)s): %(target)s"),
    "access.checkin.viewed": _("Opened the check-in list: %(target)s"),
    "access.registration.viewed": _("Opened the registration %(target)s"),
})


class RegistrationFilterSet(AdminFilterSet):
    event = EventFilter()
    has_access_needs = django_filters.BooleanFilter(label=_("Has access needs"), method="filter_access_needs")

    class Meta:
        model = Registration
        fields = ["event", "state"]

    def filter_access_needs(self, queryset, name, value):
        if value is None:
            return queryset
        needs = ~Q(access_needs=[]) | ~Q(access_needs_details="")
        return queryset.filter(needs) if value else queryset.exclude(needs)


def _filtered_event(request) -> EventPage | None:
    """The event a listing is filtered by, as its default-language page (the filter takes any language version)."""
    event = EventPage.objects.select_related("locale").filter(pk=filtered_id(request, "event")).first()
    return event.canonical if event else None


def _event_report_buttons(request, event: EventPage) -> list[HeaderButton]:
    if not request.user.has_perm("reports.view_programme_report"):
        return []
    return [HeaderButton(_("Event report"), url=reverse("event_report", args=[event.pk]), icon_name="table")]


class AccessRecordingIndexView(ReadableExportIndexView):
    """A listing of people's data: each time staff open it, filter it or export it is recorded, with the event it was
    filtered by and the search typed."""

    accessed: str  # "registrations", "attendance"

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        export, search = self.request.GET.get("export", ""), self.request.GET.get("q", "").strip()
        record_access(actor=self.request.user, what=f"{self.accessed}.{'exported' if self.is_export else 'viewed'}",
                      target=_filtered_event(self.request),
                      data={key: value for key, value in (("format", export), ("search", search)) if value})
        return response


class RegistrationIndexView(AccessRecordingIndexView):
    accessed = "registrations"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "participant")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("events.change_registration"):
            if instance.state == Registration.State.WAITING:
                # With a context: Wagtail's own "Promote" (the editor's SEO tab) must keep its translation.
                buttons.append(MenuItem(pgettext_lazy("waiting list", "Promote"),
                                        reverse("registration_action", args=[instance.pk, "promote"]),
                                        icon_name="arrow-up", priority=5))
            if instance.is_active:
                buttons.append(MenuItem(_("Cancel"), reverse("registration_action", args=[instance.pk, "cancel"]),
                                        icon_name="cross", priority=6))
        if self._may_check_in and instance.state == Registration.State.CONFIRMED \
                and instance.event.format == EventPage.Format.IN_PERSON:
            # Opens the check-in page searched by this ticket code: one more click checks the person in.
            url = f"{reverse('event_checkin', args=[instance.event_id])}?{urlencode({'q': instance.ticket_code})}"
            buttons.append(MenuItem(_("Check-in"), url, icon_name="calendar-check", priority=7))
        return buttons

    @cached_property
    def _may_check_in(self) -> bool:
        return self.request.user.has_perm("events.change_attendance")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        event = _filtered_event(self.request)
        if event is None:
            return buttons
        if event.format == EventPage.Format.IN_PERSON and self._may_check_in:
            buttons.append(HeaderButton(_("Check-in"), url=reverse("event_checkin", args=[event.pk]),
                                        icon_name="calendar-check"))
        if self.request.user.has_perm("events.change_registration"):
            buttons.append(HeaderButton(_("Message to participants"), url=reverse("event_message", args=[event.pk]),
                                        icon_name="mail"))
        if self.request.user.has_perm("certificates.view_certificate"):
            # Event staff cannot open the page editor, where the other way to this page is.
            buttons.append(HeaderButton(_("Certificates"), url=reverse("certificates_for", args=["event", event.pk]),
                                        icon_name="doc-full-inverse"))
        return buttons + _event_report_buttons(self.request, event)


class RegistrationInspectView(ReadableInspectView):
    """One registration with its answers and access needs: each opening is recorded."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record_access(actor=self.request.user, what="registration.viewed", target=self.object)
        return context


class RegistrationViewSet(ReadOnlyModelViewSet):
    """Read-only list for staff: registrations change only through the participant's actions or the audited
    Promote/Cancel actions, never by editing rows."""

    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    url_prefix = "registrations"
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    filterset_class = RegistrationFilterSet
    search_fields = ["participant__email", "participant__first_name", "participant__last_name"]
    list_display = ["participant_name", "participant_email", "event_title", "state", "access_needs_text", "created_at"]
    list_export = [
        "participant_name", "participant_email", "event_title", "event_start", "state", "created_at",
        "access_needs_text", "access_needs_details", "answers_text", "ticket_code",
    ]
    export_filename = "registrations"
    inspect_view_fields = [
        "participant", "event", "state", "created_at", "confirmed_at", "cancelled_at", "access_needs_text",
        "access_needs_details", "answers_text", "ticket_code",
    ]


class AttendanceFilterSet(AdminFilterSet):
    event = EventFilter(field_name="registration__event")

    class Meta:
        model = Attendance
        fields = ["event", "source"]


class AttendanceIndexView(AccessRecordingIndexView):
    accessed = "attendance"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("registration__event", "registration__participant")

    @cached_property
    def header_buttons(self):
        event = _filtered_event(self.request)
        return super().header_buttons + (_event_report_buttons(self.request, event) if event else [])

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("events.change_registration"):
            buttons.append(MenuItem(_("Correct"), reverse("attendance_correct", args=[instance.registration_id]),
                                    icon_name="edit", priority=5))
        return buttons


class AttendanceViewSet(ReadOnlyModelViewSet):
    model = Attendance
    icon = "time"
    menu_label = _("Attendance")
    url_prefix = "attendance"
    index_view_class = AttendanceIndexView
    filterset_class = AttendanceFilterSet
    search_fields = ["registration__participant__email", "registration__participant__last_name"]
    list_display = ["participant_name", "event_title", "minutes_present", "percent_present", "source",
                    "correction_reason", "updated_at"]
    list_export = list_display
    export_filename = "attendance"


class EnrolmentViewSet(ReadOnlyModelViewSet):
    model = Enrolment
    icon = "doc-full"
    menu_label = _("Course enrolments")
    url_prefix = "enrolments"
    list_filter = ["course", "state"]
    list_display = ["participant", "course", "state", "created_at"]
    list_export = ["participant", "course", "state", "created_at", "cancelled_at"]
    search_fields = ["participant__email", "participant__last_name"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Locations")
    list_display = ["name", "city", "street"]
    search_fields = ["name", "city"]


class EventsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    items = (RegistrationViewSet("registrations"), AttendanceViewSet("attendance"), EnrolmentViewSet("enrolments"))


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_event_chooser():
    return event_chooser_viewset


@hooks.register("register_admin_urls")
def register_registration_actions():
    return [
        path("registrations/action/<id:pk>/<str:action>/", registration_action, name="registration_action"),
        path("attendance/correct/<id:registration_id>/", attendance_correct, name="attendance_correct"),
        path("check-in/", checkin_events, name="checkin_events"),
        path("events/<id:event_id>/check-in/", event_checkin, name="event_checkin"),
        path("events/<id:event_id>/check-in/<id:registration_id>/<str:action>/", event_checkin_action,
             name="event_checkin_action"),
        path("events/<id:event_id>/door/", event_door, name="event_door"),
        path("events/<id:event_id>/door/check-in/", event_door_check_in, name="event_door_check_in"),
        path("events/<id:event_id>/door/counts/", event_door_counts, name="event_door_counts"),
        path("events/<id:event_id>/door/search/", event_door_search, name="event_door_search"),
        path("events/<id:event_id>/door/list/", event_door_list, name="event_door_list"),
        path("events/<id:event_id>/door/sync/", event_door_sync, name="event_door_sync"),
        path("events/<id:event_id>/door/walk-in/", event_walk_in, name="event_walk_in"),
        path("events/<id:event_id>/message/", event_message, name="event_message"),
    ]


register_snippet(LocationViewSet)


class PermissionMenuItem(AdminMenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_checkin_menu_item():
    # At the door staff go straight to the event's list, not through the registrations of every event.
    return PermissionMenuItem(_("Check-in"), reverse("checkin_events"), name="checkin", icon_name="calendar-check",
                              order=305, permission="events.change_attendance")


class RegistrationsHeaderButton(PermissionPageButton):
    label = _("Registrations")
    icon_name = "group"
    priority = 25
    permission = "events.view_registration"


class CheckInHeaderButton(PermissionPageButton):
    label = _("Check-in")
    icon_name = "calendar-check"
    priority = 26
    permission = "events.change_attendance"


class MessageHeaderButton(PermissionPageButton):
    label = _("Message to participants")
    icon_name = "mail"
    priority = 27
    permission = "events.change_registration"


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, EventPage):
        event = page.specific_deferred.canonical
        yield RegistrationsHeaderButton(page=page, url=f"{reverse('registrations:index')}?event={event.pk}")
        if event.format == EventPage.Format.IN_PERSON:
            yield CheckInHeaderButton(page=page, url=reverse("event_checkin", args=[event.pk]))
        yield MessageHeaderButton(page=page, url=reverse("event_message", args=[event.pk]))


def _events_people_registered_for(pages: list[Page]) -> list[EventPage]:
    """Events among ``pages`` or below them (deleting a page deletes its subtree) with any registration."""
    within = Q()
    for page in pages:
        within |= Q(path__startswith=page.path)
    return list(EventPage.objects.filter(within, registrations__isnull=False).distinct().order_by("path"))


def _refuse_to_delete_registered_events(request, pages: list[Page], back_url: str):
    """Deleting an event would take its registrations, attendance records and the ground of its certificates
    with it, and tell nobody; it is unpublished instead."""
    events = _events_people_registered_for(pages) if pages else []
    if not events:
        return None
    messages.error(request, ngettext(
        "“%(titles)s” cannot be deleted: people registered for it, and their registrations and attendance would be "
        "lost. Unpublish it instead.",
        "These events cannot be deleted: people registered for them, and their registrations and attendance would "
        "be lost. Unpublish them instead: %(titles)s.",
        len(events)) % {"titles": ", ".join(event.title for event in events)})
    return HttpResponseRedirect(back_url)  # a path; redirect() would read 'foo' as a URL name


@hooks.register("before_delete_page")
def keep_events_people_registered_for(request, page):
    return _refuse_to_delete_registered_events(request, [page], reverse("wagtailadmin_explore", args=[page.pk]))


@hooks.register("before_bulk_action")
def keep_events_people_registered_for_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    back_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root")
    return _refuse_to_delete_registered_events(request, [item for item in objects if isinstance(item, Page)], back_url)


@hooks.register("before_copy_page")
def copy_events_with_new_dates(request, page):
    if issubclass(page.specific_class, EventPage):
        return event_copy(request, page.specific)
    return None


class StaffWeekPanel(Component):
    """The office's week on the admin home: webinars running now with the people in their rooms (from the last
    presence poll, never a call to BBB), today's and the rest of this week's events with registered, waiting and
    seats, and the ways to their registrations, check-in and attendance."""

    name = "staff_week"
    template_name = "events/admin/dashboard_week.html"
    order = 50  # above Wagtail's own panels (moderation 210 and after)

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            week=staff_week(), office_time_zone=settings.TIME_ZONE,
            may_check_in=self.user.has_perm("events.change_attendance"),
            may_see_attendance=self.user.has_perm("events.view_attendance"),
        )
        return context


@hooks.register("construct_homepage_panels")
def add_staff_week_panel(request, panels):
    if request.user.has_perm("events.view_registration"):
        panels.append(StaffWeekPanel(request.user))
