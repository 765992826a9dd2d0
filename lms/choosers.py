"""Choosers of the admin that are not pages or snippets: people, found by name or e-mail address."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser
from wagtail.permission_policies.pages import PagePermissionPolicy

from lms.converters import is_database_id
from lms.models import User


def person_label(user: User) -> str:
    """Name and address, so that two people of the same name can be told apart."""
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


class MayChoosePeople:
    """Names and addresses of every account are shown only to those who edit pages (who set presenters), not to
    everyone with access to the admin (event staff see the people registered, through the listings)."""

    def dispatch(self, request, *args, **kwargs):
        if not PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PersonSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Name or e-mail address"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or e-mail address")}))

    def filter(self, objects: QuerySet) -> QuerySet:
        # Plain containment on each field, so part of an address ("kowalska@") finds the person on SQLite and
        # PostgreSQL alike; accounts are not in the search index.
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            for word in query.split():
                objects = objects.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                         | Q(email__icontains=word))
        return objects


class PersonChooseViewMixin:
    filter_form_class = PersonSearchForm
    ordering = ["last_name", "first_name", "email"]

    def get_object_list(self) -> QuerySet:
        # Only accounts that can still sign in are people staff would pick.
        return User.objects.filter(is_active=True)

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Name"), accessor=lambda user: user.get_full_name() or "—",
                        get_url=lambda user: self.append_preserved_url_parameters(
                            reverse(self.chosen_url_name, args=(user.pk,))),
                        link_attrs={"data-chooser-modal-choice": True}),
            Column("email", label=_("E-mail address")),
        ]


class PersonChooseView(MayChoosePeople, PersonChooseViewMixin, ChooseView):
    pass


class PersonChooseResultsView(MayChoosePeople, PersonChooseViewMixin, ChooseResultsView):
    pass


class PersonChosenView(MayChoosePeople, ChosenView):
    def get_object(self, pk: str) -> User:
        if not is_database_id(pk):  # a hand-made address answers 404, not a database error
            raise User.DoesNotExist
        return User.objects.get(pk=pk, is_active=True)

    def get_display_title(self, instance: User) -> str:
        return person_label(instance)


class RowChooser(BaseChooser):
    """A chooser widget that shows nothing chosen for a value no row id can be (``?event=²`` in a filter),
    rather than passing it to the database driver, which fails on it."""

    def get_instance(self, value):
        if value is not None and not isinstance(value, self.model_class) and not is_database_id(value):
            return None
        return super().get_instance(value)


class PersonChooser(RowChooser):
    def get_display_title(self, instance: User) -> str:
        return person_label(instance)


class PersonChooserViewSet(ChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit account")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView
    base_widget_class = PersonChooser
    # Used where a form asks for it (an event's presenters), not for every link to an account in the admin.
    register_widget = False


person_chooser_viewset = PersonChooserViewSet("person_chooser", url_prefix="people/choose")
