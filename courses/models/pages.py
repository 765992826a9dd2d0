from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from courses.panels import CourseSessionsPanel
from events.models.pages import Audience
from lms.blocks import BaseStreamBlock
from lms.i18n import CanonicalPageMixin
from lms.search_words import SEARCH_TERMS_FIELD, SearchTermsMixin
from lms.translations import SyncedFieldPanel, TranslatedPageForm, TranslationStatusPanel


class CourseIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course listing")

    @path("")
    def listing(self, request):
        from courses.forms import CourseFilterForm
        from courses.selectors import course_listing

        form = CourseFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        courses = course_listing(locale=self.locale, filters=filters, page_number=request.GET.get("page"),
                                 request=request)
        return self.render(request, context_overrides={"filter_form": form, "courses": courses})


class CoursePage(CanonicalPageMixin, SearchTermsMixin, RoutablePageMixin, Page):
    """A training made of one or more sessions (event pages that point to it), with a completion rule."""

    class CompletionRule(models.TextChoices):
        ALL_SESSIONS = "all", _("Attend every session")
        MIN_SESSIONS = "min", _("Attend at least a number of sessions")

    summary = models.TextField(_("summary"), max_length=400, help_text=_("Shown on the course card in listings."))
    description = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True, use_json_field=True)
    learning_outcomes = RichTextField(_("learning outcomes"), blank=True, features=["bold", "italic", "ul", "ol", "link"])
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    course_language = models.CharField(_("language of the course"), max_length=5, choices=settings.LANGUAGES, default="pl")
    completion_rule = models.CharField(
        _("completion rule"), max_length=5, choices=CompletionRule.choices, default=CompletionRule.ALL_SESSIONS
    )
    required_sessions = models.PositiveSmallIntegerField(
        _("sessions required"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Only for “at least a number of sessions”."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed per session (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A session counts as attended at this share of its scheduled length."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate", verbose_name=_("certificate template"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Leave empty when the course gives no certificate."),
    )

    # Facts every language version shares: a translation shows the source's, read-only (lms.translations).
    synced_fields = [
        "audience", "course_language", "completion_rule", "required_sessions", "attendance_threshold",
        "certificate_template",
    ]
    base_form_class = TranslatedPageForm
    content_panels = [TranslationStatusPanel()] + Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([SyncedFieldPanel("audience"), SyncedFieldPanel("course_language")]),
        FieldPanel("learning_outcomes"),
        FieldPanel("description"),
        MultiFieldPanel([
            SyncedFieldPanel("completion_rule"),
            FieldRowPanel([SyncedFieldPanel("required_sessions"), SyncedFieldPanel("attendance_threshold")]),
            SyncedFieldPanel("certificate_template"),
        ], heading=_("Completion and certificate")),
        CourseSessionsPanel(heading=_("Sessions")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("learning_outcomes"), index.SearchField(SEARCH_TERMS_FIELD),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self) -> None:
        super().clean()
        if self.completion_rule == self.CompletionRule.MIN_SESSIONS and not self.required_sessions:
            raise ValidationError({"required_sessions": _("Say how many sessions a participant must attend.")})

    def search_texts(self) -> list[str]:
        return [self.title, self.summary, get_text_for_indexing(self.learning_outcomes),
                *self._meta.get_field("description").get_searchable_content(self.description)]

    def canonical_sessions(self):
        """The course's sessions, once each: translated sessions point at the course too."""
        from events.models import EventPage

        return EventPage.objects.live().filter(course=self.canonical, locale=self.canonical.locale_id)

    def get_context(self, request, *args, **kwargs):
        from courses.forms import EnrolmentForm
        from courses.selectors import course_detail_for

        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail_for(course=self, viewer=request.user))
        context["default_enrolment_form"] = EnrolmentForm()
        return context

    @path("enrol/")
    def enrol(self, request):
        from courses.views import enrol_in_course

        return enrol_in_course(request, page=self)

    @path("withdraw/")
    def withdraw(self, request):
        from courses.views import withdraw_from_course

        return withdraw_from_course(request, page=self)
