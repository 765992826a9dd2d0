from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, listing groups by their translated names (lms.admin_groups)."""

    group_viewset = "lms.admin_groups.GroupViewSet"
    user_viewset = "lms.admin_groups.UserViewSet"
