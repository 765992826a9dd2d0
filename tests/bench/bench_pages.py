"""Render times of the event listing (plain and with a search) and an event page with 2,000 events and 50,000
registrations, each next to
a bare page of the same template (an event listing with no events, an event page with no registrations), and a
plain content page for scale. Run with `make bench` (SQLite in a temporary file, or the database in
DATABASE_URL). Prints medians per page and the ratio to the bare page of the same template; the goal is <= 2x."""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "50000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='lms-bench-')}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_data():
    from django.utils import timezone
    from wagtail.models import Page, Site

    from events.models import EventIndexPage, EventPage, Registration
    from lms.i18n import ensure_locales
    from lms.models import HomePage, Profile, StandardPage, User

    locale = {locale.language_code: locale for locale in ensure_locales()}["pl"]
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Start", slug="bench-home", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home})
    bare = home.add_child(instance=StandardPage(title="Bare page", slug="bare", intro="<p>Plain text.</p>"))
    index = home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    bare_index = home.add_child(instance=EventIndexPage(title="Pusta lista", slug="pusta-lista"))
    bare_start = timezone.now() + timedelta(days=2)
    bare_event = bare_index.add_child(instance=EventPage(
        title="Szkolenie bez zapisów", slug="bez-zapisow", summary="Krótki opis szkolenia dla pracodawców.",
        start=bare_start, end=bare_start + timedelta(hours=2), capacity=40, format="online", kind="webinar",
    ))
    started = time.perf_counter()
    now = timezone.now()
    events = []
    for number in range(EVENTS):
        start = now + timedelta(hours=6 * (number - EVENTS // 10))  # a tenth in the past, for the archive
        events.append(index.add_child(instance=EventPage(
            title=f"Szkolenie {number}", slug=f"e{number}", summary="Krótki opis szkolenia dla pracodawców.",
            start=start, end=start + timedelta(hours=2), capacity=40, format="online", kind="webinar",
        )))
    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.org") for n in range(REGISTRATIONS // EVENTS * 4 or 1)
    )
    Profile.objects.bulk_create(Profile(user=user, audience="employer", completed_at=now) for user in users)
    per_event = REGISTRATIONS // EVENTS
    Registration.objects.bulk_create(
        (Registration(event=event, participant=users[(i + n) % len(users)],
                      state="confirmed" if n < 40 else "waiting")
         for i, event in enumerate(events) for n in range(per_event)),
        batch_size=5000,
    )
    print(f"data: {EVENTS} events, {Registration.objects.count()} registrations "
          f"(built in {time.perf_counter() - started:.1f} s)")
    return bare, (bare_index, index), (bare_event, events[EVENTS // 2])


def median_ms(client, url: str) -> float:
    client.get(url)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main() -> None:
    setup_django()
    from django.test import Client

    content_page, (bare_index, index), (bare_event, event) = build_data()
    client = Client()
    print(f"{ROUNDS} requests each, median")
    print(f"{'page':<36}{'ms':>8}{'x bare':>9}")
    print(f"{'plain content page (for scale)':<36}{median_ms(client, content_page.url):>8.1f}")
    worst = 0.0
    comparisons = (
        ("event listing", bare_index.url, [
            ("listing, first page", index.url), ("listing, page 50", f"{index.url}?page=50"),
            # Every event's summary has "pracodawców": the search that matches most; a number matches one title.
            ("search listing, all match", f"{index.url}?q=pracodawca"), ("search listing, one matches", f"{index.url}?q=1234"),
        ]),
        ("event page", bare_event.url, [("event page, 25 registrations", event.url)]),
    )
    for template, bare_url, measured in comparisons:
        bare_ms = median_ms(client, bare_url)
        print(f"{template + ', bare (no data)':<36}{bare_ms:>8.1f}{1:>9.2f}")
        for label, url in measured:
            value = median_ms(client, url)
            worst = max(worst, value / bare_ms)
            print(f"{label:<36}{value:>8.1f}{value / bare_ms:>9.2f}")
    print(f"goal: at most 2.00x the bare page of the same template -> {'met' if worst <= 2 else 'NOT met'} "
          f"(worst {worst:.2f}x)")


if __name__ == "__main__":
    main()
