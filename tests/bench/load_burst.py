"""A burst of concurrent registrations for one event against gunicorn on PostgreSQL over loopback.

    scripts/with-postgres.sh .venv/bin/python -m tests.bench.load_burst [--requests 500] [--seats 100]

Checks: exactly `seats` confirmed, the rest waiting, first come first served (every confirmed registration was
made before every waiting one), zero 5xx; prints throughput and p50/p95 latency. Exits non-zero when a check
fails, so `make test` can run a short version. Needs DATABASE_URL (PostgreSQL)."""

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(port: int) -> dict[str, str]:
    from certificates.signing import new_private_key_pem

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "LMS_BASE_URL": f"http://127.0.0.1:{port}",
        "LMS_LOG_LEVEL": "WARNING",
        "LMS_CERTIFICATE_SIGNING_KEY": new_private_key_pem(),
        # Every simulated person comes from this machine's address.
        "LMS_ACTION_RATE_PER_ADDRESS_PER_MINUTE": "1000000",
    }


def prepare(requests_count: int, seats: int, env: dict[str, str]) -> tuple[str, int, list[str]]:
    """Migrate, create one event and `requests_count` signed-in participants; returns the event's path and the
    participants' session keys."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page, Site

    from events.models import EventIndexPage, EventPage
    from lms.i18n import ensure_locales
    from lms.models import HomePage, Profile, User

    call_command("migrate", verbosity=0)
    locale = {locale.language_code: locale for locale in ensure_locales()}["pl"]
    run = secrets.token_hex(3)
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Load", slug=f"load-{run}", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home})
    index = home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    start = timezone.now() + timedelta(days=3)
    event = index.add_child(instance=EventPage(
        title="Popularne szkolenie", slug="popularne", summary="-", start=start, end=start + timedelta(hours=2),
        capacity=seats, format="online", kind="webinar",
    ))
    event.save_revision().publish()
    users = User.objects.bulk_create(
        User(username=f"load-{run}-{n}", email=f"load-{run}-{n}@example.org", password="!") for n in range(requests_count)
    )
    now = timezone.now()
    Profile.objects.bulk_create(Profile(user=user, audience="employer", completed_at=now) for user in users)
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return event.url, event.pk, keys


def burst(base_url: str, path: str, event_id: int, session_keys: list[str]) -> tuple[list[float], list[int], float]:
    """All registrations sent at once from one asyncio loop speaking plain HTTP/1.1: a client light enough not
    to take the cores away from the server it measures (500 threads with an HTTP library each took a large
    share of this 2-core machine)."""
    return asyncio.run(_burst(base_url, path, event_id, session_keys))


async def post_registration(base_url: str, path: str, event_id: int, session_key: str,
                            language: str = "pl") -> tuple[int, bytes]:
    """One registration as plain HTTP/1.1; returns the status and the rest of the response (headers and body)."""
    host, port = base_url.removeprefix("http://").split(":")
    csrf = secrets.token_hex(16)  # Django accepts the unmasked secret in the header when it matches the cookie
    request = (
        f"POST /{language}/events/{event_id}/register/ HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Cookie: sessionid={session_key}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"
        f"Referer: {base_url}{path}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: 0\r\nConnection: close\r\n\r\n"
    ).encode()
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(request)
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        return status, await reader.read()  # the rest, until the server closes the connection
    finally:
        writer.close()


async def _burst(base_url: str, path: str, event_id: int, session_keys: list[str]):
    go = asyncio.Event()

    async def register(session_key: str) -> tuple[float, int]:
        await go.wait()
        started = time.perf_counter()
        status, _response = await post_registration(base_url, path, event_id, session_key)
        return time.perf_counter() - started, status

    tasks = [asyncio.create_task(register(key)) for key in session_keys]
    await asyncio.sleep(0)  # every task is waiting for the start
    started = time.perf_counter()
    go.set()
    results = await asyncio.gather(*tasks)
    return [latency for latency, _ in results], [status for _, status in results], time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seats", type=int, default=100)
    # The load generator shares this machine's cores with gunicorn and PostgreSQL; measured here on 2 cores,
    # one worker per core with 4 threads each did at least as well as the usual 2 x cores + 1 sync workers
    # (65-74 against 61-66 registrations per second over several runs).
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=5.0)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("load_burst needs PostgreSQL: run it through scripts/with-postgres.sh", file=sys.stderr)
        return 2
    port = free_port()
    env = server_environment(port)
    path, event_id, session_keys = prepare(options.requests, options.seats, env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(options.workers), "--threads", str(options.threads), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{base_url}/healthz", timeout=5).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        busy_before = cpu_ticks()
        latencies, statuses, seconds = burst(base_url, path, event_id, session_keys)
        busy, total = (after - before for after, before in zip(cpu_ticks(), busy_before, strict=True))
    finally:
        server.terminate()
        server.wait(timeout=20)

    from events.models import Registration

    registrations = Registration.objects.filter(participant__email__startswith=session_owner_prefix(session_keys))
    confirmed = registrations.filter(state="confirmed")
    waiting = registrations.filter(state="waiting")
    server_errors = sum(1 for status in statuses if status >= 500)
    in_order = not waiting.exists() or not confirmed.exists() or (
        max(confirmed.values_list("created_at", flat=True)) <= min(waiting.values_list("created_at", flat=True))
    )
    quantiles = statistics.quantiles(latencies, n=20)
    print(f"burst: {options.requests} concurrent registrations for {options.seats} seats, gunicorn "
          f"{options.workers} workers x {options.threads} threads, PostgreSQL over loopback")
    print(f"  done in {seconds:.2f} s = {options.requests / seconds:.0f} registrations/s; latency p50 "
          f"{statistics.median(latencies) * 1000:.0f} ms, p95 {quantiles[18] * 1000:.0f} ms")
    print(f"  CPU busy {100 * busy / max(total, 1):.0f}% of {os.cpu_count()} cores during the burst "
          f"(server, PostgreSQL and this load generator together)")
    print(f"  confirmed {confirmed.count()}, waiting {waiting.count()}, first come first served: {in_order}, "
          f"5xx: {server_errors}, other statuses: {sorted(set(statuses))}")
    checks = {
        "exactly the seats confirmed": confirmed.count() == options.seats,
        "everyone else waiting": waiting.count() == options.requests - options.seats,
        "first come first served": in_order,
        "no server errors": server_errors == 0,
        f"within {options.max_seconds:.0f} s": seconds <= options.max_seconds,
    }
    for name, passed in checks.items():
        print(f"  {'ok ' if passed else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine from /proc/stat: whether the cores were the limit."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def session_owner_prefix(session_keys: list[str]) -> str:
    from django.contrib.sessions.models import Session

    from lms.models import User

    user_id = Session.objects.get(session_key=session_keys[0]).get_decoded()["_auth_user_id"]
    return User.objects.get(pk=user_id).email.rsplit("-", 1)[0]


if __name__ == "__main__":
    sys.exit(main())
