"""Buttons our apps add to a page editor's header (Registrations, Check-in, Certificates…)."""

from wagtail.admin.ui.menus.pages import PageMenuItem


class PermissionPageButton(PageMenuItem):
    """A header button shown to those who hold ``permission``; subclasses name label, icon, priority and it."""

    permission = ""

    def is_shown(self, user) -> bool:
        return user.has_perm(self.permission)
