"""Faults injected into the production setup on loopback: is anything lost, duplicated or left behind?

    scripts/with-postgres.sh .venv/bin/python -W ignore -m tests.bench.faults [--registrations 200] [--seats 50]
        [--attendees 100]

Runs gunicorn (production settings), `manage.py run_worker` (the database task queue), `manage.py run_periodic
--tick 2` and an SMTP sink, each process restarted when it exits, as systemd does in production. Then:

1. A burst of concurrent registrations while PostgreSQL restarts (`pg_ctl restart -m fast`); clients retry a
   503 after its Retry-After. Checks, once the task queue is drained: registrations stored = clients told
   "registered", confirmed <= seats, one mail per registration in the sink, no 500.
2. Certificates for an in-person event (check-ins through the service), issued by staff's task; the worker is
   killed with SIGKILL while it renders and a new one started. Checks, once all are sealed (the dead worker's
   task is taken back after 45 s without heartbeat): one certificate per attendee, consecutive numbers, every
   file matching its SHA-256, no file left behind after the sweep, no rendering process of the killed worker
   alive 10 s later, one mail per holder.

Prints what was stored, sent and left behind; exits 1 when anything was lost, duplicated or left behind. Needs
DATABASE_URL (PostgreSQL) and LMS_PG_CTL, both set by scripts/with-postgres.sh."""

import argparse
import asyncio
import email
import email.policy
import hashlib
import os
import re
import secrets
import shlex
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import requests

from tests.bench.load_burst import ROOT, free_port, post_registration, prepare, server_environment

ATTEMPTS = 30  # per client; a restart takes a few seconds and each 503 asks for 5 s


class SmtpSink:
    """Just enough SMTP for smtplib: keeps the recipients and subject of every message it accepts."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], str]] = []
        self.arrivals: list[float] = []  # time.monotonic() of each accepted message
        self._lock = threading.Lock()
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                self.reply("220 sink")
                recipients: list[str] = []
                while line := self.rfile.readline():
                    verb, _, argument = line.decode("ascii", "replace").strip().partition(" ")
                    verb = verb.upper()
                    if verb in ("EHLO", "HELO", "NOOP"):
                        self.reply("250 sink")
                    elif verb in ("MAIL", "RSET"):
                        recipients = []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(argument.partition(":")[2].strip().strip("<>").lower())
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        sink.keep(recipients, b"".join(lines))
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, name="smtp-sink", daemon=True).start()

    def keep(self, recipients: list[str], data: bytes) -> None:
        subject = str(email.message_from_bytes(data, policy=email.policy.default)["Subject"] or "")
        with self._lock:
            self.received.append((recipients, subject))
            self.arrivals.append(time.monotonic())

    def mails_to(self, addresses: set[str]) -> Counter:
        with self._lock:
            return Counter(address for recipients, _ in self.received for address in recipients if address in addresses)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Supervisor:
    """Starts the processes and starts again any that exits, a second later (systemd's Restart=always)."""

    def __init__(self, env: dict[str, str], log_folder: Path) -> None:
        self.env, self.log_folder = env, log_folder
        self.commands: dict[str, list[str]] = {}
        self.processes: dict[str, subprocess.Popen] = {}
        self.restarts: Counter = Counter()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        threading.Thread(target=self._watch, name="supervisor", daemon=True).start()

    def start(self, name: str, command: list[str]) -> None:
        with self._lock:
            self.commands[name] = command
            self._spawn(name)

    def _spawn(self, name: str) -> None:
        log = (self.log_folder / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(self.commands[name], cwd=ROOT, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT)

    def _watch(self) -> None:
        while not self._stopping.wait(0.2):
            with self._lock:
                exited = [name for name, process in self.processes.items() if process.poll() is not None]
            for name in exited:
                time.sleep(1)
                with self._lock:
                    if not self._stopping.is_set() and name in self.commands:
                        self.restarts[name] += 1
                        self._spawn(name)

    def pid(self, name: str) -> int:
        with self._lock:
            return self.processes[name].pid

    def kill(self, name: str) -> None:
        with self._lock:
            self.processes[name].send_signal(signal.SIGKILL)
            self.processes[name].wait()

    def stop_one(self, name: str) -> None:
        """Stop one process for good (SIGTERM: a worker finishes its task first)."""
        with self._lock:
            del self.commands[name]
            process = self.processes.pop(name)
            process.terminate()
        process.wait(timeout=60)

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            for process in self.processes.values():
                process.terminate()
            for process in self.processes.values():
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def production_environment(port: int, folder: Path, sink: SmtpSink) -> dict[str, str]:
    """Production settings on loopback: files in ``folder``, mail to the sink, the database task queue."""
    return {
        **server_environment(port),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "LMS_CERTIFICATE_ROOT": str(folder / "certificates"),
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(sink.port),
        "LMS_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def restart_postgres() -> float:
    """`pg_ctl restart -m fast` (connections are cut); returns how long it took."""
    started = time.monotonic()
    # The postgres user may not enter the caller's folder.
    subprocess.run([*shlex.split(os.environ["LMS_PG_CTL"]), "restart", "-m", "fast"], cwd="/tmp", check=True,
                   capture_output=True)
    return time.monotonic() - started


def wait_until(condition: Callable[[], bool], timeout: float, every: float = 0.5) -> bool:
    """Polls ``condition``; a query failing while the database restarts counts as "not yet"."""
    from django.db import DatabaseError, connections

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except DatabaseError:
            connections.close_all()
        time.sleep(every)
    return False


def queue_drained() -> bool:
    """No task runnable or running, no mail waiting to be sent."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from lms.models import OutgoingMail

    return (not DBTaskResult.objects.ready().exists()
            and not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
            and not OutgoingMail.objects.exclude(state=OutgoingMail.State.SENT).exists())


def report(title: str, lines: list[str], checks: dict[str, bool]) -> bool:
    print(title)
    for line in lines:
        print(f"  {line}")
    for name, passed in checks.items():
        print(f"  {'ok ' if passed else 'FAIL'} {name}")
    return all(checks.values())


# Fault 1 ---------------------------------------------------------------------------------------------------------


async def register_until_answered(base_url: str, path: str, event_id: int, session_key: str,
                                  statuses: list) -> str:
    """What the person was told in the end: "registered", "already registered" (a retry after an answer that
    was lost), another answer, or "no answer" after ATTEMPTS tries."""
    for _ in range(ATTEMPTS):
        try:
            status, response = await post_registration(base_url, path, event_id, session_key, language="en")
        except (OSError, IndexError, ValueError):  # connection refused or cut before a status line
            statuses.append("no response")
            await asyncio.sleep(1)
            continue
        statuses.append(status)
        if status == 503:
            retry_after = re.search(rb"(?im)^retry-after:\s*(\d+)", response)
            await asyncio.sleep(int(retry_after.group(1)) if retry_after else 1)
            continue
        if status == 302:
            return "registered"
        if status == 409 and b"You are already registered for this event." in response:
            return "already registered"
        return f"answered {status}"
    return "no answer"


async def burst_with_restart(base_url: str, path: str, event_id: int, session_keys: list[str],
                             restart_after: int) -> tuple[list[str], list, float]:
    statuses: list = []

    async def restart_mid_burst() -> float:
        while len(statuses) < restart_after:
            await asyncio.sleep(0.01)
        return await asyncio.to_thread(restart_postgres)

    restart = asyncio.create_task(restart_mid_burst())
    outcomes = await asyncio.gather(*(register_until_answered(base_url, path, event_id, key, statuses)
                                      for key in session_keys))
    return outcomes, statuses, await restart


def registrations_during_restart(base_url: str, path: str, event_id: int, session_keys: list[str], seats: int,
                                 sink: SmtpSink, supervisor: Supervisor) -> bool:
    from django.contrib.sessions.models import Session
    from django.db import connections

    from events.models import Registration
    from lms.models import User

    started = time.monotonic()
    outcomes, statuses, restart_seconds = asyncio.run(
        burst_with_restart(base_url, path, event_id, session_keys, restart_after=len(session_keys) // 5))
    burst_seconds = time.monotonic() - started
    connections.close_all()  # the restart cut this process's connection too
    drained = wait_until(queue_drained, timeout=120)

    owners = {key: int(Session.objects.get(session_key=key).get_decoded()["_auth_user_id"]) for key in session_keys}
    emails = dict(User.objects.filter(pk__in=owners.values()).values_list("pk", "email"))
    told = {emails[owners[key]] for key, outcome in zip(session_keys, outcomes, strict=True)
            if outcome in ("registered", "already registered")}
    stored = dict(Registration.objects.filter(event_id=event_id).values_list("participant__email", "state"))
    confirmed = sum(state == Registration.State.CONFIRMED for state in stored.values())
    mails = sink.mails_to(set(emails.values()))
    codes = Counter(status for status in statuses if isinstance(status, int) and status >= 500)
    answers = Counter(outcomes)
    return report(
        f"fault 1: {len(session_keys)} concurrent registrations for {seats} seats, PostgreSQL restarted "
        f"(pg_ctl restart -m fast, {restart_seconds:.1f} s) after {len(session_keys) // 5} answers",
        [
            f"burst done in {burst_seconds:.1f} s, {len(statuses)} requests; final answers: {dict(answers)}",
            f"5xx by code: {dict(codes) or 'none'}; connections refused or cut: {statuses.count('no response')}",
            f"stored: {len(stored)} registrations ({confirmed} confirmed, {len(stored) - confirmed} waiting); "
            f"clients told registered: {len(told)}",
            f"mails in the sink: {sum(mails.values())} to {len(mails)} participants; missing for "
            f"{len(set(stored) - set(mails))}, duplicated for {sum(count > 1 for count in mails.values())}",
            f"task queue drained: {drained}; processes restarted by the supervisor: {dict(supervisor.restarts)}",
        ],
        {
            "registrations stored = clients told registered": set(stored) == told,
            "every client got an answer": not answers["no answer"],
            f"confirmed <= {seats} seats": confirmed <= seats,
            "one mail per registration, none missing": set(mails) == set(stored),
            "no mail duplicated": all(count == 1 for count in mails.values()),
            "no 500": not codes[500],
            "task queue drained": drained,
        },
    )


# Fault 2 ---------------------------------------------------------------------------------------------------------


def checked_in_event(parent_event_id: int, attendees: int):
    """An in-person event in progress with ``attendees`` checked in at the door (through the service), and the
    staff member who issues its certificates."""
    from django.utils import timezone
    from wagtail.models import Locale

    from devtools import demo_certificates
    from events.models import EventPage, Location, Registration
    from events.services.checkin import check_in
    from lms.models import Profile, User

    run = secrets.token_hex(3)
    template = demo_certificates.certificate_template({locale.language_code: locale for locale in Locale.objects.all()})
    location = Location.objects.create(name="Urząd Wojewódzki", street="ul. Długa 1", postal_code="00-001",
                                       city="Warszawa")
    start = timezone.now() - timedelta(hours=1)
    event = EventPage.objects.get(pk=parent_event_id).get_parent().add_child(instance=EventPage(
        title="Szkolenie stacjonarne", slug=f"stacjonarne-{run}", summary="-", start=start,
        end=start + timedelta(hours=3), capacity=attendees, format=EventPage.Format.IN_PERSON,
        kind=EventPage.Kind.TRAINING, location=location, certificate_template=template,
    ))
    event.save_revision().publish()
    users = User.objects.bulk_create(
        User(username=f"cert-{run}-{n}", email=f"cert-{run}-{n}@example.org", first_name="Olena",
             last_name=f"Kowalczuk {n}", password="!") for n in range(attendees))
    Profile.objects.bulk_create(Profile(user=user, audience="employer", language="pl", completed_at=timezone.now())
                                for user in users)
    registrations = Registration.objects.bulk_create(
        Registration(event=event, participant=user, state=Registration.State.CONFIRMED, confirmed_at=timezone.now())
        for user in users)
    staff = User.objects.create(username=f"staff-{run}", email=f"staff-{run}@example.org", is_staff=True)
    for registration in registrations:
        check_in(registration=registration, actor=staff)
    return event, staff, {user.email for user in users}


def process_tree(pid: int) -> dict[int, str]:
    """The descendants of ``pid`` (from /proc), each with its start time, so a reused pid is not mistaken."""
    parents: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
            started[int(entry.name)] = fields[19]
    found, todo = {}, list(parents.get(pid, []))
    while todo:
        child = todo.pop()
        found[child] = started[child]
        todo.extend(parents.get(child, []))
    return found


def still_running(pid: int, started: str) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == started and fields[0] != "Z"


def worker_killed_while_rendering(parent_event_id: int, attendees: int, sink: SmtpSink,
                                  supervisor: Supervisor) -> bool:
    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.models.certificates import certificate_storage
    from certificates.storage import remove_orphan_files
    from certificates.tasks import issue_certificates
    from events.models import EventPage
    from lms.storage import is_partial, stored_files

    event, staff, holders = checked_in_event(parent_event_id, attendees)
    # The check-ins' tasks find the event still running; then it ends and staff issue its certificates.
    wait_until(queue_drained, timeout=120)
    EventPage.objects.filter(pk=event.pk).update(end=timezone.now() - timedelta(minutes=1))
    started = time.monotonic()
    issue_certificates.enqueue(actor_id=staff.pk, event_id=event.pk)

    certificates = Certificate.objects.filter(event=event)
    caught = wait_until(lambda: 0 < certificates.exclude(pdf="").count() < attendees, timeout=120, every=0.05)
    sealed_at_kill = certificates.exclude(pdf="").count()
    worker = supervisor.pid("worker")
    children = process_tree(worker)
    supervisor.kill("worker")  # SIGKILL; the supervisor starts a new worker
    killed_after = time.monotonic() - started
    time.sleep(10)
    alive = [pid for pid, since in children.items() if still_running(pid, since)]
    all_sealed = wait_until(lambda: certificates.exclude(pdf="").count() == attendees, timeout=300)
    sealed_after = time.monotonic() - started
    drained = wait_until(queue_drained, timeout=120)

    storage = certificate_storage()
    referenced = set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
    left = [name for name in stored_files(storage) if name not in referenced]
    removed = remove_orphan_files(grace=timedelta(0))  # nothing is being stored now
    left_after = [name for name in stored_files(storage) if name not in referenced]
    mismatched = []
    for certificate in certificates.exclude(pdf=""):
        with certificate.pdf.open("rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != certificate.sha256:
                mismatched.append(certificate.number)
    per_holder = Counter(certificates.values_list("holder__email", flat=True))
    sequence = sorted(int(number.rsplit("/", 1)[1]) for number in certificates.values_list("number", flat=True))
    mails = sink.mails_to(holders)
    return report(
        f"fault 2: certificates for {attendees} checked-in attendees, the worker killed (SIGKILL) while rendering",
        [
            f"killed {killed_after:.1f} s after issuing, with {sealed_at_kill} sealed; its processes: "
            f"{len(children)}, alive 10 s later: {len(alive)} {alive or ''}",
            f"all sealed: {all_sealed}, {sealed_after:.0f} s after issuing; certificates: {certificates.count()} "
            f"for {len(per_holder)} holders; numbers {sequence[0] if sequence else '-'}–"
            f"{sequence[-1] if sequence else '-'}; files not matching their SHA-256: {len(mismatched)}",
            f"left in storage by the kill: {sum(not is_partial(name) for name in left)} PDFs, "
            f"{sum(is_partial(name) for name in left)} partial files; the sweep removed {removed}, left "
            f"{len(left_after)}",
            f"mails in the sink: {sum(mails.values())} to {len(mails)} holders",
            f"task queue drained: {drained}; processes restarted by the supervisor: {dict(supervisor.restarts)}",
        ],
        {
            "caught while rendering (some sealed, not all)": caught and 0 < sealed_at_kill < attendees,
            "all certificates sealed": all_sealed,
            "exactly one certificate per attendee": set(per_holder) == holders and set(per_holder.values()) == {1},
            "numbers consecutive": bool(sequence) and sequence == list(range(sequence[0], sequence[0] + len(sequence))),
            "every file matches its SHA-256": not mismatched,
            "no orphan file after the sweep": not left_after,
            "no process of the killed worker alive after 10 s": not alive,
            "one mail per holder": set(mails) == holders and set(mails.values()) == {1},
            "task queue drained": drained,
        },
    )


# ---------------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    # Enough for more rendering batches than cores (batches of at most 40, their number a multiple of the
    # cores), so that some are stored while others still render when the worker is killed.
    parser.add_argument("--attendees", type=int, default=100)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("LMS_PG_CTL"):
        print("faults needs PostgreSQL it may restart: run it through scripts/with-postgres.sh", file=sys.stderr)
        return 2
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="lms-faults-"))
    sink = SmtpSink()
    port = free_port()
    env = production_environment(port, folder, sink)
    path, event_id, session_keys = prepare(options.registrations, options.seats, env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    supervisor = Supervisor(env, folder)
    manage = [sys.executable, "-W", "ignore", "manage.py"]
    supervisor.start("web", [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
                             "--workers", str(os.cpu_count() or 1), "--threads", "4", "--log-level", "warning"])
    supervisor.start("worker", [*manage, "run_worker", "--interval", "0.2"])
    supervisor.start("periodic", [*manage, "run_periodic", "--tick", "2"])
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{base_url}/healthz", timeout=5).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        results = [
            registrations_during_restart(base_url, path, event_id, session_keys, options.seats, sink, supervisor),
            worker_killed_while_rendering(event_id, options.attendees, sink, supervisor),
        ]
    finally:
        supervisor.stop()
        sink.stop()
    print(f"done in {time.monotonic() - started:.0f} s; process logs in {folder}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
