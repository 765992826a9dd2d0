"""The programme report for a year of 3,000 events and 100,000 registrations (with attendance, waiting lists,
cancellations, certificates and people of every audience): the selector's time and query count, and the report page
and its XLSX export as staff get them. Goal: under 1 s, with the same number of queries as for a tiny data set.

Run with `make bench` (SQLite in a temporary file) or on PostgreSQL:
`scripts/with-postgres.sh .venv/bin/python -m tests.bench.bench_reports`. The event pages are written in bulk (their
tree paths computed here) so that building the year takes seconds, not the minutes of 3,000 `add_child` calls."""

import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.bench.bench_pages import setup_django

EVENTS = int(os.environ.get("BENCH_EVENTS", "3000"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "100000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "25000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
YEAR = 2025
GOAL_SECONDS = 1.0


def _event_pages(index, count: int) -> list:
    """``count`` event pages under ``index``, written as two bulk inserts' worth of rows (pages, then events)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    from events.models import EventPage

    content_type = ContentType.objects.get_for_model(EventPage)
    zone = ZoneInfo("Europe/Warsaw")
    kinds, formats = ["webinar", "training", "open_day"], ["online", "in_person"]
    with transaction.atomic():
        pages = Page.objects.bulk_create(
            Page(title=f"Wydarzenie {number}", draft_title=f"Wydarzenie {number}", slug=f"w{number}",
                 content_type=content_type, locale_id=index.locale_id, live=True, depth=index.depth + 1,
                 path=Page._get_path(index.path, index.depth + 1, number + 1),
                 url_path=f"{index.url_path}w{number}/")
            for number in range(count))
        events = []
        for number, page in enumerate(pages):
            start = datetime(YEAR, 1, 1, 9, tzinfo=zone) + timedelta(days=number * 365 // count, hours=number % 8)
            event = EventPage(page_ptr=page, title=page.title, slug=page.slug, path=page.path, depth=page.depth,
                              content_type=content_type, locale_id=page.locale_id, kind=kinds[number % 3],
                              format=formats[number % 2] if number % 3 != 2 else "in_person", start=start,
                              end=start + timedelta(hours=1 + number % 4), capacity=40, summary="Opis.",
                              event_language=["pl", "uk", "en", "ru"][number % 4])
            event.save_base(raw=True)  # the child table's row only: the page row is in already
            events.append(event)
        Page.objects.filter(pk=index.pk).update(numchild=count)
    return events


def build_data() -> dict:
    from django.utils import timezone
    from wagtail.models import Page, Site

    from certificates.models import Certificate
    from events.models import Attendance, EventIndexPage, Registration
    from lms.i18n import ensure_locales
    from lms.models import HomePage, Profile, User

    started = time.perf_counter()
    locale = {locale.language_code: locale for locale in ensure_locales()}["pl"]
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Start", slug="bench-home", locale=locale))
    Site.objects.update_or_create(is_default_site=True,
                                  defaults={"hostname": "localhost", "port": 80, "root_page": home})
    index = home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    events = _event_pages(index, EVENTS)

    audiences = ["employer", "educator", "staff", "foreign_national", "other", ""]
    users = User.objects.bulk_create(User(username=f"bench{n}", email=f"bench{n}@example.org") for n in range(PEOPLE))
    Profile.objects.bulk_create(
        Profile(user=user, audience=audiences[n % 6], language=["pl", "uk", "ru", "en"][n % 4],
                company_name=f"Firma {n % 700}" if n % 6 == 0 else "",
                nip=f"{1000000000 + n % 700}" if n % 6 == 0 else "",
                school=f"Szkoła nr {n % 300}" if n % 6 == 1 else "", town="Warszawa" if n % 6 == 1 else "",
                completed_at=timezone.now())
        for n, user in enumerate(users))
    per_event = REGISTRATIONS // EVENTS
    registrations = []
    for number, event in enumerate(events):
        for seat in range(per_event + (1 if number < REGISTRATIONS % EVENTS else 0)):
            state = "confirmed" if seat % 12 < 10 else ("waiting" if seat % 12 == 10 else "cancelled")
            registrations.append(Registration(
                event=event, participant=users[(number * 37 + seat) % PEOPLE], state=state,
                confirmed_at=event.start if state == "confirmed" else None))
    Registration.objects.bulk_create(registrations, batch_size=5000)
    attended = [registration for number, registration in enumerate(registrations)
                if registration.state == "confirmed" and number % 10 < 7]
    Attendance.objects.bulk_create(
        (Attendance(registration=registration, minutes_present=30 + number % 90, percent_present=80, source="polling")
         for number, registration in enumerate(attended)), batch_size=5000)
    Certificate.objects.bulk_create(
        (Certificate(number=f"B/{number}", holder_id=registration.participant_id, holder_name="Osoba",
                     event_id=registration.event_id, title="Wydarzenie", first_day=date(YEAR, 1, 1),
                     last_day=date(YEAR, 1, 1), hours=2, language="pl", payload="-",
                     state="revoked" if number % 50 == 0 else "valid",
                     revocation_category="other" if number % 50 == 0 else "")
         for number, registration in enumerate(attended[::3])), batch_size=5000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load: the planner's statistics
            cursor.execute("ANALYZE")
    print(f"data: {EVENTS} events in {YEAR}, {Registration.objects.count()} registrations, {len(attended)} attended, "
          f"{Certificate.objects.count()} certificates, {PEOPLE} people (built in {time.perf_counter() - started:.1f} s)")
    return {"events": events}


def _timed(call) -> tuple[float, int]:
    """Median seconds over ROUNDS calls and the queries of one call."""
    from django.db import connection

    call()  # warm caches (content types, translations)
    queries = []
    # Counted as they run: a request through the test client clears Django's own query log when it starts.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        call()
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(queries)


def main() -> int:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from lms.models import Profile, User
    from reports.selectors import ReportFilters, programme_report

    build_data()
    year = ReportFilters(start=date(YEAR, 1, 1), end=date(YEAR, 12, 31))
    figures = programme_report(filters=year)
    print(f"report: {figures.people} people, {figures.participations} participations, {figures.events_held} events "
          f"held, {figures.training_hours} training hours, {figures.registrations} registrations")
    staff = User.objects.create(username="bench-staff", email="bench-staff@example.org", is_superuser=True)
    Profile.objects.create(user=staff, audience="staff", department="Wydział", completed_at=staff.date_joined)
    client = Client()
    client.force_login(staff)
    page_url = f"{reverse('programme_report')}?start={YEAR}-01-01&end={YEAR}-12-31"

    def page():
        assert client.get(page_url).status_code == 200

    def export():
        assert client.get(page_url + "&export=xlsx").status_code == 200

    print(f"{connection.vendor}, {ROUNDS} rounds each, median")
    print(f"{'what':<44}{'seconds':>9}{'queries':>9}")
    worst = 0.0
    for label, call in (("selector, the whole year", lambda: programme_report(filters=year)),
                        ("selector, webinars for employers",
                         lambda: programme_report(filters=ReportFilters(year.start, year.end, kind="webinar",
                                                                        audience="employer"))),
                        ("report page (GET, as staff)", page), ("XLSX export", export)):
        seconds, queries = _timed(call)
        worst = max(worst, seconds)
        print(f"{label:<44}{seconds:>9.3f}{queries:>9}")
    print(f"goal: under {GOAL_SECONDS:.1f} s -> {'met' if worst < GOAL_SECONDS else 'NOT met'} (worst {worst:.3f} s)")
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
