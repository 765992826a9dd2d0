from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.blocks import RegistrationQuestionsBlock
from lms.blocks import BaseStreamBlock
from lms.choosers import person_chooser_viewset
from lms.i18n import CanonicalPageMixin
from lms.search_words import SEARCH_TERMS_FIELD, SearchTermsMixin
from lms.translations import SyncedFieldPanel, TranslatedPageForm, TranslationStatusPanel


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    EMPLOYERS = "employer", _("Employers")
    EDUCATORS = "educator", _("Educators")
    STAFF = "staff", _("Public-office staff")
    FOREIGN_NATIONALS = "foreign_national", _("Foreign nationals")


def schedule_errors(*, start: datetime | None, end: datetime | None, registration_opens_at: datetime | None,
                    registration_closes_at: datetime | None) -> dict[str, str]:
    """What is wrong with an event's dates, by field: the page editor and the copy form check the same rules."""
    errors = {}
    if start and end and end <= start:
        errors["end"] = _("The event must end after it starts.")
    if registration_closes_at and end and registration_closes_at > end:
        errors["registration_closes_at"] = _("Registration cannot close after the event has ended.")
    if registration_opens_at and registration_closes_at and registration_opens_at >= registration_closes_at:
        errors["registration_opens_at"] = _("Registration must open before it closes.")
    return errors


class EventIndexPage(RoutablePageMixin, Page):
    """Upcoming events with filters, and an archive of past ones at ``archive/``."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event listing")

    def _listing(self, request, *, past: bool):
        from events.forms import EventFilterForm
        from events.selectors import event_listing

        form = EventFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page_obj = event_listing(index=self, filters=filters, past=past, page_number=request.GET.get("page"),
                                 request=request)
        return self.render(
            request,
            context_overrides={"filter_form": form, "events": page_obj, "past": past},
            template="events/event_index_page.html",
        )

    @path("")
    def upcoming(self, request):
        return self._listing(request, past=False)

    @path("archive/")
    def archive(self, request):
        return self._listing(request, past=True)


class EventPage(CanonicalPageMixin, SearchTermsMixin, RoutablePageMixin, Page):
    """One training session, webinar or Open Day. Registrations belong to the page in the default language;
    its translations show the same event."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        TRAINING = "training", _("Training session")
        OPEN_DAY = "open_day", _("Open Day")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    start = models.DateTimeField(_("starts at"), help_text=_("Time in Poland (Europe/Warsaw)."))
    end = models.DateTimeField(_("ends at"))
    location = models.ForeignKey(
        "events.Location", verbose_name=_("location"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Required for in-person events."),
    )
    capacity = models.PositiveIntegerField(_("seats"), default=30)
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: registration closes when the event starts.")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    restricted_to_audience = models.BooleanField(
        _("only this audience may register"), default=False,
        help_text=_("Otherwise the audience is a recommendation and anyone may register. Office staff: only accounts "
                    "in the “Office staff” group or with an address in the office's e-mail domains."),
    )
    event_language = models.CharField(_("language of the event"), max_length=5, choices=settings.LANGUAGES, default="pl")
    summary = models.TextField(_("summary"), max_length=400, help_text=_("Shown on the event card in listings."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True, use_json_field=True)
    questions = StreamField(
        RegistrationQuestionsBlock(), verbose_name=_("registration questions"), blank=True, use_json_field=True,
        help_text=_("Asked in addition to the access-needs question, which every registration form has."),
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="sessions", help_text=_("Set when this event is a session of a course."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate", verbose_name=_("certificate template"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Leave empty when this event gives no certificate of its own (e.g. a session of a course)."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"), default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the scheduled length; an in-person check-in counts as full attendance."),
    )

    # Facts every language version shares: a translation shows the source's, read-only (lms.translations).
    synced_fields = [
        "kind", "format", "start", "end", "location", "audience", "event_language", "restricted_to_audience", "course",
        "capacity", "waiting_list", "registration_opens_at", "registration_closes_at", "certificate_template",
        "attendance_threshold",
    ]
    base_form_class = TranslatedPageForm
    content_panels = [TranslationStatusPanel()] + Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([
            FieldRowPanel([SyncedFieldPanel("kind"), SyncedFieldPanel("format")]),
            FieldRowPanel([SyncedFieldPanel("start"), SyncedFieldPanel("end")]),
            SyncedFieldPanel("location"),
            FieldRowPanel([SyncedFieldPanel("audience"), SyncedFieldPanel("event_language")]),
            SyncedFieldPanel("restricted_to_audience"),
            SyncedFieldPanel("course"),
        ], heading=_("When and where")),
        MultiFieldPanel([
            FieldRowPanel([SyncedFieldPanel("capacity"), SyncedFieldPanel("waiting_list")]),
            FieldRowPanel([SyncedFieldPanel("registration_opens_at"), SyncedFieldPanel("registration_closes_at")]),
            FieldPanel("questions"),
        ], heading=_("Registration")),
        MultiFieldPanel([
            FieldRowPanel([SyncedFieldPanel("certificate_template"), SyncedFieldPanel("attendance_threshold")]),
        ], heading=_("Certificate")),
        InlinePanel("presenters", label=_("Presenters")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"), index.SearchField(SEARCH_TERMS_FIELD),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"])]

    def clean(self) -> None:
        super().clean()
        errors = schedule_errors(start=self.start, end=self.end, registration_opens_at=self.registration_opens_at,
                                 registration_closes_at=self.registration_closes_at)
        if self.format == self.Format.IN_PERSON and not self.location_id:
            errors["location"] = _("An in-person event needs a location.")
        errors.update(self._seat_errors())
        if errors:
            raise ValidationError(errors)

    def _seat_errors(self) -> dict[str, str]:
        """People who hold a seat or wait for one keep it: seats cannot drop below the confirmed registrations,
        and the waiting list cannot be switched off while people are on it (nobody would be told)."""
        if not self.pk:
            return {}
        from events.selectors import with_seats_left

        stored = with_seats_left(EventPage.objects.filter(pk=self.pk)).values("confirmed_count", "waiting_count")
        counts = stored.first() or {"confirmed_count": 0, "waiting_count": 0}
        confirmed, waiting = counts["confirmed_count"], counts["waiting_count"]
        errors = {}
        if self.capacity is not None and self.capacity < confirmed:
            errors["capacity"] = ngettext(
                "%(count)s person already has a confirmed seat; cancel registrations before lowering the seats "
                "below that.",
                "%(count)s people already have a confirmed seat; cancel registrations before lowering the seats "
                "below that.", confirmed) % {"count": confirmed}
        if not self.waiting_list and waiting:
            errors["waiting_list"] = ngettext(
                "%(count)s person is on the waiting list; cancel or confirm them before switching it off.",
                "%(count)s people are on the waiting list; cancel or confirm them before switching it off.",
                waiting) % {"count": waiting}
        return errors

    def search_texts(self) -> list[str]:
        """Title, summary, description, the place (as named in the page's language too) and the presenters."""
        texts = [self.title, self.summary, *self._meta.get_field("body").get_searchable_content(self.body)]
        if self.location_id:
            places = {self.location, self.location.get_translation_or_none(self.locale)} - {None}
            texts += [text for place in places for text in (place.name, place.street, place.city)]
        texts += [text for presenter in self.presenters.all() for text in (presenter.name, presenter.role)]
        return texts

    @property
    def registration_deadline(self) -> datetime:
        return min(self.registration_closes_at or self.start, self.start)

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        opened = self.registration_opens_at is None or self.registration_opens_at <= now
        return opened and now < self.registration_deadline

    @property
    def scheduled_minutes(self) -> int:
        """The scheduled length, the whole that attendance is a share of (at least a minute)."""
        return max(int((self.end - self.start).total_seconds() // 60), 1)

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    def get_context(self, request, *args, **kwargs):
        from events.forms import AccessNeedsForm, RegistrationForm
        from events.selectors import event_detail_for

        context = super().get_context(request, *args, **kwargs)
        context.update(event_detail_for(event=self, viewer=request.user))
        if "registration_form" not in context:
            # Questions in the visitor's language; translations keep the block ids, so answers match across languages.
            context["registration_form"] = RegistrationForm(event=self)
        registration = context.get("registration")
        if registration is not None and "access_needs_form" not in context:
            context["access_needs_form"] = AccessNeedsForm(initial={
                "access_needs": registration.access_needs, "access_needs_details": registration.access_needs_details})
        return context

    @path("cancel/")
    def cancel(self, request):
        from events.views import cancel_registration

        return cancel_registration(request, page=self)

    @path("access-needs/")
    def access_needs(self, request):
        from events.views import change_access_needs

        return change_access_needs(request, page=self)

    @path("join/")
    def join(self, request):
        from events.views import join_webinar

        return join_webinar(request, page=self)

    @path("end-webinar/")
    def end_webinar(self, request):
        from events.views import end_webinar

        return end_webinar(request, page=self)

    @path("reopen-webinar/")
    def reopen_webinar(self, request):
        from events.views import reopen_webinar

        return reopen_webinar(request, page=self)

    @path("calendar/")
    def calendar(self, request):
        from events.views import event_calendar_download

        return event_calendar_download(request, page=self)


class EventPresenter(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="presenters")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role or organisation"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Presenters with an account join webinars as moderators."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("user", widget=person_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("presenter")

    def __str__(self) -> str:
        return self.name
