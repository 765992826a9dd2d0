"""Ingesting one BBB analytics callback with 1,000 attendees and three sessions each, then its replay.
Goal: each under 1 second. Run with `make bench`."""

import os
import time
from datetime import timedelta

from tests.bench.bench_pages import setup_django

ATTENDEES = int(os.environ.get("BENCH_ATTENDEES", "1000"))
SESSIONS = 3


def build():
    from django.utils import timezone
    from wagtail.models import Page

    from events.models import BBBSession, EventIndexPage, EventPage, Meeting, Registration
    from lms.i18n import ensure_locales
    from lms.models import HomePage, User

    locale = {locale.language_code: locale for locale in ensure_locales()}["pl"]
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Start", slug="bench-attendance", locale=locale))
    index = home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    start = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    event = index.add_child(instance=EventPage(
        title="Webinar", slug="webinar", summary="-", start=start, end=start + timedelta(minutes=90),
        capacity=ATTENDEES, format="online", kind="webinar",
    ))
    users = User.objects.bulk_create(User(username=f"a{n}", email=f"a{n}@example.org") for n in range(ATTENDEES))
    Registration.objects.bulk_create(Registration(event=event, participant=user, state="confirmed") for user in users)
    meeting = Meeting.objects.create(event=event, bbb_meeting_id="bench-webinar", internal_meeting_id="bench-1")
    BBBSession.objects.create(meeting=meeting, internal_meeting_id="bench-1", create_time=int(start.timestamp() * 1000))

    def stamp(minutes: int) -> str:
        return (start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    attendees = [
        {"ext_user_id": str(user.pk), "name": user.username, "moderator": False,
         "joins": [stamp(0 + n % 5), stamp(30), stamp(60)], "leaves": [stamp(25), stamp(55), stamp(95)]}
        for n, user in enumerate(users)
    ]
    payload = {"version": "1.0", "meeting_id": meeting.bbb_meeting_id, "internal_meeting_id": "bench-1",
               "data": {"metadata": {}, "duration": 5400, "start": stamp(0), "finish": stamp(90), "attendees": attendees}}
    return payload


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.models import Attendance
    from events.services.attendance import ingest_analytics

    payload = build()
    for label in ("first delivery", "replay"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = ingest_analytics(payload=payload)
            seconds = time.perf_counter() - started
        print(f"{label:<16} {ATTENDEES} attendees x {SESSIONS} sessions: {seconds:.3f} s "
              f"({seconds / ATTENDEES * 1000:.2f} ms per attendee, {len(queries)} queries, "
              f"{result.attendances_written} attendance rows written) -> {'met' if seconds < 1 else 'NOT met'} (< 1 s)")
    sample = Attendance.objects.order_by("pk").first()
    print(f"check: {Attendance.objects.count()} attendance rows; first has {sample.minutes_present} min "
          f"({sample.percent_present}%)")


if __name__ == "__main__":
    main()
