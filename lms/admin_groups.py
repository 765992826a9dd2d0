"""Group names are data (Wagtail's migrations create "Editors" and "Moderators", ours the others) and stay English,
as code looks groups up by name; the admin shows them translated wherever it lists groups."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext, gettext_noop
from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.views import groups, users

# The groups Wagtail's migrations create, for the catalogues (apps mark the names of their own groups).
WAGTAIL_GROUP_NAMES = (gettext_noop("Editors"), gettext_noop("Moderators"))


def group_label(group: Group) -> str:
    """The group's name in the admin's language, when a catalogue translates it."""
    return gettext(group.name)


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn("name", label=groups.IndexView.columns[0].label, sort_key="name", accessor=group_label,
                    url_name="wagtailusers_groups:edit"),
    ]


class GroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView


class UserViewSet(users.UserViewSet):
    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class TranslatedGroupsForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "groups" in self.fields:
                    self.fields["groups"].label_from_instance = group_label

        return TranslatedGroupsForm
