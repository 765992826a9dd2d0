"""Certificates minutes after a webinar, in the production setup on loopback: PostgreSQL, gunicorn, the database
task queue with `manage.py run_worker`, and an SMTP sink.

1. From BBB's analytics callback (a real HTTP request with its bearer token) for a webinar of 300 attendees who
   all qualify, to the last certificate mail accepted by the sink, with one worker. Goal: <= 60 s.
2. Staff issue the certificates of an event with as many attendees (its run is split into chunk tasks of
   CERTIFICATE_SEAL_CHUNK), with one worker and then with two: the time until every PDF is stored and every mail
   accepted, and how the chunks were shared. For information: on 2 cores the gain is small.

    scripts/with-postgres.sh .venv/bin/python -W ignore -m tests.bench.bench_webinar_certificates [--attendees 300]

Exits non-zero when the goal of 1 fails or a certificate or mail is missing or duplicated."""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt
import requests

from tests.bench.faults import SmtpSink, Supervisor, production_environment, queue_drained, wait_until
from tests.bench.load_burst import ROOT, free_port

LANGUAGES = ["pl", "uk", "en", "ru"]
GOAL_SECONDS = 60


def finished_event(attendees: int, *, kind: str):
    """An event that ended a few minutes ago with ``attendees`` confirmed participants in four languages."""
    from django.utils import timezone as django_timezone
    from wagtail.models import Locale

    from devtools import demo_certificates
    from events.models import EventIndexPage, EventPage, Registration
    from lms.models import Profile, User

    run = secrets.token_hex(3)
    template = demo_certificates.certificate_template({locale.language_code: locale for locale in Locale.objects.all()})
    end = django_timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    event = EventIndexPage.objects.first().add_child(instance=EventPage(
        title="Zatrudnianie cudzoziemców – obowiązki pracodawcy", slug=f"{kind}-{run}", summary="-",
        start=end - timedelta(minutes=90), end=end, capacity=attendees, format=EventPage.Format.ONLINE,
        kind=EventPage.Kind.WEBINAR, certificate_template=template,
    ))
    event.save_revision().publish()
    users = User.objects.bulk_create(
        User(username=f"{kind}-{run}-{n}", email=f"{kind}-{run}-{n}@example.org", first_name="Олександра",
             last_name=f"Żebrowska-Ślęzak {n}", password="!") for n in range(attendees))
    Profile.objects.bulk_create(
        Profile(user=user, audience="employer", language=LANGUAGES[n % len(LANGUAGES)],
                completed_at=django_timezone.now()) for n, user in enumerate(users))
    Registration.objects.bulk_create(
        Registration(event=event, participant=user, state=Registration.State.CONFIRMED,
                     confirmed_at=django_timezone.now()) for user in users)
    return event, users


def analytics_report(event, users) -> dict:
    """What BBB's analytics script posts for the meeting: everyone present from start to end."""
    from events.models import BBBSession, Meeting

    internal_id = f"{secrets.token_hex(20)}-{int(event.start.timestamp() * 1000)}"
    meeting = Meeting.objects.create(event=event, bbb_meeting_id=f"bench-{event.slug}", internal_meeting_id=internal_id)
    BBBSession.objects.create(meeting=meeting, internal_meeting_id=internal_id,
                              create_time=int(event.start.timestamp() * 1000))
    start, finish = (moment.strftime("%Y-%m-%dT%H:%M:%S.000Z") for moment in (event.start, event.end))
    attendees = [{"ext_user_id": str(user.pk), "name": user.get_full_name(), "moderator": False,
                  "joins": [start], "leaves": [finish]} for user in users]
    return {"version": "1.0", "meeting_id": meeting.bbb_meeting_id, "internal_meeting_id": internal_id,
            "data": {"metadata": {}, "duration": 5400, "start": start, "finish": finish, "attendees": attendees}}


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).ok
    except requests.RequestException:
        return False


def mail_times(sink: SmtpSink, addresses: set[str]) -> tuple[Counter, list[float]]:
    with sink._lock:
        pairs = [(recipients, arrived) for (recipients, _), arrived in zip(sink.received, sink.arrivals, strict=True)]
    counts = Counter(address for recipients, _ in pairs for address in recipients if address in addresses)
    return counts, sorted(arrived for recipients, arrived in pairs if set(recipients) & addresses)


def certificates_after_callback(base_url: str, secret: str, attendees: int, sink: SmtpSink) -> bool:
    from certificates.models import Certificate

    event, users = finished_event(attendees, kind="webinar")
    report = analytics_report(event, users)
    addresses = {user.email for user in users}
    token = jwt.encode({"exp": datetime.now(timezone.utc) + timedelta(days=1)}, secret, algorithm="HS512")
    started = time.monotonic()
    answer = requests.post(f"{base_url}/bbb/callbacks/analytics/", json=report, timeout=60,
                           headers={"Authorization": f"Bearer {token}"})
    answered = time.monotonic() - started
    wait_until(lambda: sum(mail_times(sink, addresses)[0].values()) >= attendees, timeout=5 * GOAL_SECONDS,
               every=0.1)
    counts, arrivals = mail_times(sink, addresses)
    certificates = Certificate.objects.filter(event=event)
    last = arrivals[-1] - started if arrivals else float("inf")
    print(f"1. analytics callback -> certificate mails, {attendees} attendees, one worker, PostgreSQL:")
    print(f"   callback answered {answer.status_code} in {answered:.2f} s; {certificates.count()} certificates, "
          f"{certificates.exclude(pdf='').count()} stored; {sum(counts.values())} mails to {len(counts)} holders")
    if arrivals:
        print(f"   first mail {arrivals[0] - started:.1f} s, last mail {last:.1f} s after the callback "
              f"({last / attendees * 1000:.0f} ms per certificate) -> goal <= {GOAL_SECONDS} s "
              f"{'met' if last <= GOAL_SECONDS else 'NOT met'}")
    return (answer.status_code == 200 and last <= GOAL_SECONDS and set(counts) == addresses
            and set(counts.values()) == {1})


def issued_by_workers(workers: int, attendees: int, sink: SmtpSink, supervisor: Supervisor, manage: list[str]) -> bool:
    from django.utils import timezone as django_timezone
    from django_tasks_db.models import DBTaskResult

    from certificates.models import Certificate
    from certificates.tasks import issue_certificates
    from events.models import Attendance, Registration
    from lms.models import User

    names = [f"worker-{workers}-{number}" for number in range(workers)]
    for name in names:
        supervisor.start(name, [*manage, "run_worker", "--worker-id", name])
    event, users = finished_event(attendees, kind=f"staff-{workers}")
    Attendance.objects.bulk_create(
        Attendance(registration=registration, minutes_present=90, percent_present=100, source="analytics")
        for registration in Registration.objects.filter(event=event))
    staff = User.objects.create(username=f"staff-{event.slug}", email=f"{event.slug}@example.org", is_staff=True)
    addresses = {user.email for user in users}
    certificates = Certificate.objects.filter(event=event)
    clicked = django_timezone.now()
    started = time.monotonic()
    issue_certificates.enqueue(actor_id=staff.pk, event_id=event.pk)
    wait_until(lambda: certificates.count() == attendees and not certificates.filter(pdf="").exists(),
               timeout=600, every=0.1)
    stored = time.monotonic() - started
    wait_until(lambda: sum(mail_times(sink, addresses)[0].values()) >= attendees, timeout=300, every=0.1)
    counts, arrivals = mail_times(sink, addresses)
    mailed = (arrivals[-1] if arrivals else float("inf")) - started
    wait_until(queue_drained, timeout=120)
    chunks_by_worker = Counter(result.worker_ids[-1] for result in DBTaskResult.objects.filter(
        task_path="certificates.tasks.seal_certificates", enqueued_at__gte=clicked))
    for name in names:
        supervisor.stop_one(name)
    sequence = sorted(int(number.rsplit("/", 1)[1]) for number in certificates.values_list("number", flat=True))
    print(f"   {workers} worker{'s' if workers > 1 else ''}: all {certificates.exclude(pdf='').count()} PDFs stored "
          f"{stored:.1f} s and the last of {sum(counts.values())} mails accepted {mailed:.1f} s after staff's "
          f"click ({mailed / attendees * 1000:.0f} ms per certificate); chunk tasks taken per worker: "
          f"{sorted(chunks_by_worker.values(), reverse=True)}")
    return (set(counts) == addresses and set(counts.values()) == {1} and bool(sequence)
            and sequence == list(range(sequence[0], sequence[0] + len(sequence))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=300)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("this bench needs PostgreSQL: run it through scripts/with-postgres.sh", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="lms-webinar-certificates-"))
    sink = SmtpSink()
    port = free_port()
    bbb_secret = secrets.token_urlsafe(48)
    env = {
        **production_environment(port, folder, sink),
        "BBB_URL": "http://127.0.0.1:9/bigbluebutton/api/",  # never called: the meeting is over
        "BBB_SECRET": bbb_secret,
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Page

    from events.models import EventIndexPage
    from lms.i18n import ensure_locales
    from lms.models import HomePage

    call_command("migrate", verbosity=0)
    locale = {locale.language_code: locale for locale in ensure_locales()}["pl"]
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Bench", slug=f"bench-{secrets.token_hex(3)}",
                                                                  locale=locale))
    home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    supervisor = Supervisor(env, folder)
    manage = [sys.executable, "-W", "ignore", "manage.py"]
    supervisor.start("web", [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
                             "--workers", "2", "--log-level", "warning"])
    supervisor.start("worker", [*manage, "run_worker"])
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{base_url}/healthz"), timeout=60, every=0.2)
        results = [certificates_after_callback(base_url, bbb_secret, options.attendees, sink)]
        supervisor.stop_one("worker")
        print(f"2. staff issue {options.attendees} certificates (chunks of at most {settings.CERTIFICATE_SEAL_CHUNK}, one "
              f"template version each), one worker vs two, on {os.cpu_count()} cores:")
        results += [issued_by_workers(workers, options.attendees, sink, supervisor, manage) for workers in (1, 2)]
    finally:
        supervisor.stop()
        sink.stop()
    print(f"process logs in {folder}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
