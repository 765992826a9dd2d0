"""Demo content for `make run`: a home page, service pages, events and a course in four languages, site settings,
a demo admin and demo participants with registrations.

Safe to run again: what exists is left as it is."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from courses.models import CourseIndexPage, CoursePage, Enrolment
from courses.services import enrol
from devtools.demo_events import (
    COURSE, COURSE_INDEX, EVENT_INDEX, EVENTS, LIVE_WEBINAR, LOCATIONS, PARTICIPANT_PASSWORD, PARTICIPANTS,
    REGISTRATIONS,
)
from devtools import demo_certificates
from devtools.demo_texts import HOME, PAGES
from events.editorial import OFFICE_STAFF_GROUP
from events.exceptions import RegistrationError
from events.models import EventIndexPage, EventPage, EventPresenter, Location, Registration
from events.services.registration import register
from lms.i18n import ensure_locales
from lms.models import HomePage, Profile, SiteSettings, StandardPage, User

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "demo-admin-2026"
ADMIN = {
    "email": ADMIN_EMAIL, "first_name": "Anna", "last_name": "Nowak",
    "profile": {"audience": "staff", "department": "Wydział Spraw Cudzoziemców", "language": "pl"},
}
WARSAW = ZoneInfo("Europe/Warsaw")
PAST_WEBINAR = "karta-pobytu-od-wniosku-do-odbioru"
# (month, day) of Poland's public holidays that fall on the same date every year.
FIXED_HOLIDAYS = {(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 24), (12, 25), (12, 26)}

Fill = Callable[[Page, str], None]


def _paragraph(html: str) -> list[tuple[str, str]]:
    return [("paragraph", html)]


def _working_day(days_from_today: int) -> date:
    """The day that many days from today in Poland, moved on to the next working day when it is a weekend or
    a fixed-date public holiday."""
    day = timezone.localdate(timezone=WARSAW) + timedelta(days=days_from_today)
    while day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS:
        day += timedelta(days=1)
    return day


def _at(day: date, hour: time) -> datetime:
    return datetime.combine(day, hour, tzinfo=WARSAW)


def _page_texts(texts: dict[str, dict[str, str]]) -> Fill:
    def fill(page: Page, code: str) -> None:
        page.title, page.intro = texts[code]["title"], texts[code]["intro"]
        if "body" in texts[code]:
            page.body = _paragraph(texts[code]["body"])
    return fill


def _course_texts(page: Page, code: str) -> None:
    text = COURSE["texts"][code]
    page.title, page.summary = text["title"], text["summary"]
    page.learning_outcomes, page.description = text["learning_outcomes"], _paragraph(text["description"])


def _event_texts(spec: dict) -> Fill:
    def fill(page: Page, code: str) -> None:
        text = spec["texts"][code]
        page.title, page.summary, page.body = text["title"], text["summary"], _paragraph(text["body"])
        page.presenters = [
            EventPresenter(name=presenter["name"], role=presenter["role"][code])
            for presenter in spec.get("presenters", [])
        ]
        # A translation keeps the block ids of the Polish questions, so answers are keyed alike in every language.
        block_ids = [block.id for block in page.questions] or [None] * len(spec.get("questions", []))
        page.questions = [
            {"type": "text", "value": {"label": label[code], "help_text": "", "required": False}, "id": block_id}
            for label, block_id in zip(spec.get("questions", []), block_ids, strict=True)
        ]
    return fill


class Command(BaseCommand):
    help = "Load demo pages, events and a course (pl, en, uk, ru), site settings and demo accounts."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        locales = {locale.language_code: locale for locale in ensure_locales()}
        home = self._home(locales)
        self._site_settings({slug: self._standard_page(home, slug, locales) for slug in PAGES})
        course, events = self._catalogue(home, locales)
        admin = self._account(ADMIN, ADMIN_PASSWORD, superuser=True)
        # Confirmed office staff: may register for the internal workshop, which a self-declared profile may not.
        admin.groups.add(Group.objects.get(name=OFFICE_STAFF_GROUP))
        participants = {spec["email"]: self._account(spec, PARTICIPANT_PASSWORD) for spec in PARTICIPANTS}
        for spec in REGISTRATIONS:
            self._register(events[spec["event"]], participants[spec["participant"]], spec)
        for email in COURSE["enrolled"]:
            self._enrol(course, participants[email])
        self._consultations(events["dzien-otwarty-dla-pracodawcow"], advisor=admin,
                            visitor=participants["pracodawca@example.org"])
        live = self._live_webinar(EventIndexPage.objects.get(locale=locales["pl"], slug=EVENT_INDEX["slug"]), locales)
        self._register(live, participants[LIVE_WEBINAR["participant"]], {})
        template = demo_certificates.certificate_template(locales)
        demo_certificates.use_template([*events.values(), course, live], template)
        issued = demo_certificates.certificates_for_past_webinar(events[PAST_WEBINAR], participants)
        if issued:
            self.stdout.write(f"Certificates issued for the past webinar: {issued}")

        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(f"Admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD}  (http://127.0.0.1:8000/admin/)")
        for spec in PARTICIPANTS:
            self.stdout.write(f"Participant: {spec['email']} / {PARTICIPANT_PASSWORD}  ({spec['note']})")

    def _consultations(self, open_day: EventPage, *, advisor: User, visitor: User) -> None:
        """The administrator advises at the employers' Open Day (20-minute slots from 10:00 to 12:00); the employer
        is registered for it, so they can book one. Skipped once the administrator advises there."""
        from consultations.models import Advisor
        from consultations.services import add_slots

        if open_day.is_past or Advisor.objects.filter(event=open_day, user=advisor).exists():
            return
        start = timezone.localtime(open_day.start).replace(hour=10, minute=0)
        add_slots(event=open_day, advisor_user=advisor, topics=["work_permits", "residence"],
                  languages=["pl", "en", "uk"], starts_at=start, ends_at=start + timedelta(hours=2), minutes=20,
                  actor=advisor)
        self._register(open_day, visitor, {})

    def _site_settings(self, pages: dict[str, StandardPage]) -> None:
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        if not settings.organisation_name:
            settings.organisation_name = "Urząd Wojewódzki — Wydział Spraw Cudzoziemców (demo)"
            settings.contact_email = "cudzoziemcy@example.org"
            settings.contact_phone = "+48 22 000 00 00"
            settings.privacy_page = pages["privacy"]
            settings.accessibility_page = pages["accessibility"]
            settings.save()

    def _catalogue(self, home: HomePage, locales: dict[str, Locale]) -> tuple[CoursePage, dict[str, EventPage]]:
        """The event and course listings and what they list; returns the course and the events outside it."""
        event_index = self._index_page(home, EventIndexPage, EVENT_INDEX, locales)
        course_index = self._index_page(home, CourseIndexPage, COURSE_INDEX, locales)
        locations = {key: self._location(spec, locales) for key, spec in LOCATIONS.items()}
        course = self._course(course_index, locales)
        events = {slug: self._event(event_index, slug, spec, locations, locales) for slug, spec in EVENTS.items()}
        for slug, spec in COURSE["sessions"].items():
            self._event(event_index, slug, spec, locations, locales, course=course)
        return course, events

    def _translate(self, page: Page, locales: dict[str, Locale], fill: Fill) -> None:
        """Publish the missing translations of a Polish page; `fill(translation, language_code)` sets their texts."""
        for code, locale in locales.items():
            if code != "pl" and not page.has_translation(locale):
                translated = page.copy_for_translation(locale, copy_parents=True)
                fill(translated, code)
                translated.save_revision().publish()

    def _home(self, locales: dict[str, Locale]) -> HomePage:
        home = HomePage.objects.filter(locale=locales["pl"]).first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(instance=HomePage(
                title=HOME["pl"]["title"], slug="start", intro=HOME["pl"]["intro"],
                body=_paragraph(HOME["pl"]["body"]), locale=locales["pl"],
            ))
            site = Site.objects.get(is_default_site=True)
            placeholder = site.root_page
            site.root_page = home
            site.site_name = "Szkolenia"
            site.save()
            if placeholder.specific_class is Page:
                placeholder.delete()
        self._translate(home, locales, _page_texts(HOME))
        return home

    def _standard_page(self, home: HomePage, slug: str, locales: dict[str, Locale]) -> StandardPage:
        texts = PAGES[slug]
        page = StandardPage.objects.filter(locale=locales["pl"], slug=slug).first()
        if page is None:
            page = home.add_child(instance=StandardPage(
                title=texts["pl"]["title"], slug=slug, intro=texts["pl"]["intro"],
                body=_paragraph(texts["pl"]["body"]), locale=locales["pl"],
            ))
        self._translate(page, locales, _page_texts(texts))
        return page

    def _index_page(self, home: HomePage, model: type[Page], spec: dict, locales: dict[str, Locale]) -> Page:
        page = model.objects.filter(locale=locales["pl"], slug=spec["slug"]).first()
        if page is None:
            text = spec["texts"]["pl"]
            page = home.add_child(instance=model(
                title=text["title"], slug=spec["slug"], intro=text["intro"], show_in_menus=True, locale=locales["pl"],
            ))
        self._translate(page, locales, _page_texts(spec["texts"]))
        return page

    def _location(self, spec: dict, locales: dict[str, Locale]) -> Location:
        texts = spec["texts"]
        location = Location.objects.filter(locale=locales["pl"], name=texts["pl"]["name"]).first()
        if location is None:
            location = Location.objects.create(locale=locales["pl"], **spec["address"], **texts["pl"])
        for code, locale in locales.items():
            if code != "pl" and not location.has_translation(locale):
                translated = location.copy_for_translation(locale)
                for field, value in texts[code].items():
                    setattr(translated, field, value)
                translated.save()
        return location

    def _course(self, index: CourseIndexPage, locales: dict[str, Locale]) -> CoursePage:
        course = CoursePage.objects.filter(locale=locales["pl"], slug=COURSE["slug"]).first()
        if course is None:
            course = CoursePage(slug=COURSE["slug"], locale=locales["pl"], **COURSE["fields"])
            _course_texts(course, "pl")
            index.add_child(instance=course)
        self._translate(course, locales, _course_texts)
        return course

    def _event(
        self, index: EventIndexPage, slug: str, spec: dict, locations: dict[str, Location], locales: dict[str, Locale],
        course: CoursePage | None = None,
    ) -> EventPage:
        """Translations copy every non-text field of the Polish page, including its location and course."""
        event = EventPage.objects.filter(locale=locales["pl"], slug=slug).first()
        if event is None:
            days, start, end = spec["when"]
            day = _working_day(days)
            opens = spec.get("registration_opens")
            event = EventPage(
                slug=slug, locale=locales["pl"], **spec["fields"], start=_at(day, start), end=_at(day, end),
                registration_opens_at=_at(_working_day(opens[0]), opens[1]) if opens else None,
                location=locations.get(spec.get("location")), course=course,
            )
            _event_texts(spec)(event, "pl")
            index.add_child(instance=event)
            # Publishing, not just saving, records the schedule participants are told about, so that a later
            # change of time or place reaches them.
            event.save_revision().publish()
        self._translate(event, locales, _event_texts(spec))
        return event

    def _live_webinar(self, index: EventIndexPage, locales: dict[str, Locale]) -> EventPage:
        """Starts ten minutes after this run; once a run's session is over, the next run moves it forward."""
        start = (timezone.now() + timedelta(minutes=LIVE_WEBINAR["minutes_from_now"])).replace(second=0, microsecond=0)
        end = start + timedelta(minutes=LIVE_WEBINAR["length_minutes"])
        event = EventPage.objects.filter(locale=locales["pl"], slug=LIVE_WEBINAR["slug"]).first()
        if event is None:
            event = EventPage(slug=LIVE_WEBINAR["slug"], locale=locales["pl"], **LIVE_WEBINAR["fields"], start=start, end=end)
            _event_texts(LIVE_WEBINAR)(event, "pl")
            index.add_child(instance=event)
            event.save_revision().publish()
        elif event.end <= timezone.now():
            for page in EventPage.objects.filter(translation_key=event.translation_key):
                page.start, page.end = start, end
                page.save_revision().publish()
            event.refresh_from_db()
        self._translate(event, locales, _event_texts(LIVE_WEBINAR))
        return event

    def _account(self, spec: dict, password: str, *, superuser: bool = False) -> User:
        """A user who can sign in at once: verified e-mail address and completed profile."""
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            create = User.objects.create_superuser if superuser else User.objects.create_user
            user = create(
                username=spec["email"].split("@")[0], email=spec["email"], password=password,
                first_name=spec["first_name"], last_name=spec["last_name"],
            )
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        if not Profile.objects.filter(user=user).exists():
            now = timezone.now()
            profile = Profile(user=user, **spec["profile"], completed_at=now, privacy_consent_at=now)
            profile.full_clean()
            profile.save()
        return user

    def _register(self, event: EventPage, participant: User, spec: dict) -> None:
        # Any registration, even a cancelled one, counts: a second run must not add a row.
        if Registration.objects.filter(event=event, participant=participant).exists():
            return
        answers = {
            block.id: {"question": block.value["label"], "answer": answer}
            for block, answer in zip(event.questions, spec.get("answers", []), strict=False)
        }
        try:
            register(event=event, participant=participant, answers=answers, access_needs=spec.get("access_needs"))
        except RegistrationError as error:
            self.stderr.write(f"Not registered {participant.email} for “{event.title}”: {error.code}")

    def _enrol(self, course: CoursePage, participant: User) -> None:
        if Enrolment.objects.filter(course=course, participant=participant).exists():
            return
        try:
            enrol(course=course, participant=participant)
        except RegistrationError as error:
            self.stderr.write(f"Not enrolled {participant.email} in “{course.title}”: {error.code}")
