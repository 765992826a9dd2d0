"""Choosing an event in the admin's filters: each event once (its page in the default language, which
registrations, attendance and certificates belong to), newest first, found by its title in any language."""

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.models import Locale

from events.models import EventPage
from events.selectors import titled_in_any_language
from lms.choosers import RowChooser
from lms.converters import is_database_id
from lms.filters import RowChoiceField, RowChoiceFilter


def event_label(event: EventPage) -> str:
    """The title with the day it starts in the office's time: a webinar repeated monthly has one title."""
    return f"{event.title} ({formats.date_format(timezone.localtime(event.start), 'SHORT_DATE_FORMAT')})"


def events_once_newest_first() -> QuerySet:
    return EventPage.objects.filter(locale=Locale.get_default()).order_by("-start", "-pk")


class EventSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Event title"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Event title")}))

    def filter(self, objects: QuerySet) -> QuerySet:
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = titled_in_any_language(objects, query)
        return objects


class EventChooseViewMixin:
    filter_form_class = EventSearchForm
    ordering = ["-start", "-pk"]

    def get_object_list(self) -> QuerySet:
        return events_once_newest_first()

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Title"), get_url=lambda event: self.append_preserved_url_parameters(
                reverse(self.chosen_url_name, args=(event.pk,))), link_attrs={"data-chooser-modal-choice": True}),
            Column("start", label=_("Starts at"), accessor=lambda event: formats.date_format(
                timezone.localtime(event.start), "SHORT_DATETIME_FORMAT")),
        ]


class EventChooseView(EventChooseViewMixin, ChooseView):
    pass


class EventChooseResultsView(EventChooseViewMixin, ChooseResultsView):
    pass


class EventChosenView(ChosenView):
    def get_object(self, pk: str) -> EventPage:
        if not is_database_id(pk):
            raise EventPage.DoesNotExist
        return EventPage.objects.get(pk=pk).canonical

    def get_display_title(self, instance: EventPage) -> str:
        return event_label(instance)


class EventChooser(RowChooser):
    def get_display_title(self, instance: EventPage) -> str:
        return event_label(instance)


class EventChooserViewSet(ChooserViewSet):
    model = EventPage
    icon = "date"
    choose_one_text = _("Choose an event")
    choose_another_text = _("Choose another event")
    edit_item_text = _("Edit event")
    choose_view_class = EventChooseView
    choose_results_view_class = EventChooseResultsView
    chosen_view_class = EventChosenView
    base_widget_class = EventChooser
    register_widget = False  # page fields keep Wagtail's page chooser


event_chooser_viewset = EventChooserViewSet("event_chooser", url_prefix="events/choose")


class EventChoiceField(RowChoiceField):
    """Any language version of an event stands for the event: what staff filter by belongs to its page in the
    default language."""

    widget = event_chooser_viewset.widget_class

    def to_python(self, value):
        event = super().to_python(value)
        return event.canonical if event is not None else None

    def label_from_instance(self, obj: EventPage) -> str:
        return event_label(obj)


class EventFilter(RowChoiceFilter):
    """The event filter of the admin listings: a chooser searching each event once, newest first."""

    field_class = EventChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Event"))
        kwargs.setdefault("queryset", EventPage.objects.select_related("locale"))
        super().__init__(*args, **kwargs)
