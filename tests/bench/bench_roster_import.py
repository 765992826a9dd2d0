"""A coordinator's roster import: a 2,000-row CSV file checked for the preview, then confirmed (one transaction,
2,000 invitations, their mails left to one task that the worker runs: the database task queue here, as in
production). Goal: both steps under 5 s on SQLite, with a query count that
does not grow with the rows (the same for 20 rows as for 2,000).

Run with `make bench`; on PostgreSQL: `scripts/with-postgres.sh .venv/bin/python -m tests.bench.bench_roster_import`."""

import os
import sys
import time

from tests.bench.bench_pages import setup_django

ROWS = int(os.environ.get("BENCH_ROSTER_ROWS", "2000"))
GOAL_SECONDS = 5.0


def roster_csv(rows: int, start: int = 0) -> bytes:
    lines = ["imię i nazwisko;e-mail;język;rola"]
    languages = ["pl", "uk", "ru", "en"]
    lines += [f"Osoba Numer{number};osoba{number}@example.org;{languages[number % 4]};"
              for number in range(start, start + rows)]
    return ("\n".join(lines) + "\n").encode()


def measured(call) -> tuple[object, float, int]:
    from django.db import connection

    queries = []
    started = time.perf_counter()
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        result = call()
    return result, time.perf_counter() - started, len(queries)


def main() -> int:
    setup_django()
    from django.db import connection
    from django.test import override_settings

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        return run()


def run() -> int:
    from django.db import connection

    from lms.models import User
    from organisations.roster import confirm_import, read_roster
    from organisations.services import apply_for_organisation, decide

    coordinator = User.objects.create(username="bench-coordinator", email="koordynator@example.org")
    staff = User.objects.create(username="bench-staff", email="staff@example.org", is_staff=True)
    organisation = decide(organisation=apply_for_organisation(user=coordinator, kind="employer", name="Firma",
                                                              nip="1234563218"), actor=staff, approve=True)
    print(f"{connection.vendor}; {'rows':>6}{'preview s':>11}{'queries':>9}{'confirm s':>11}{'queries':>9}"
          f"{'per row ms':>12}")
    worst, query_counts = 0.0, []
    for rows, start in ((20, 0), (ROWS, 20)):
        data = roster_csv(rows, start)
        checked, preview_seconds, preview_queries = measured(
            lambda: read_roster(organisation=organisation, actor=coordinator, data=data, file_name="lista.csv"))
        assert not any(row["errors"] for row in checked.rows)
        result, confirm_seconds, confirm_queries = measured(
            lambda: confirm_import(roster_import=checked, actor=coordinator))
        assert result.imported == rows
        worst = max(worst, preview_seconds + confirm_seconds)
        query_counts.append((preview_queries, confirm_queries))
        per_row = (preview_seconds + confirm_seconds) / rows * 1000
        print(f"{'':<{len(connection.vendor) + 2}}{rows:>6}{preview_seconds:>11.3f}{preview_queries:>9}"
              f"{confirm_seconds:>11.3f}{confirm_queries:>9}{per_row:>12.2f}")
    growth = sum(query_counts[1]) - sum(query_counts[0])
    constant = growth <= -(-ROWS // 100)  # at most one more query per hundred rows: batches, not rows
    print(f"goal: preview + confirm of {ROWS} rows under {GOAL_SECONDS:.0f} s -> "
          f"{'met' if worst < GOAL_SECONDS else 'NOT met'} ({worst:.2f} s); {growth} more queries for {ROWS} rows "
          f"than for 20 (insert batches) -> {'no per-row queries' if constant else 'GROWS per row'}")
    return 0 if worst < GOAL_SECONDS and constant else 1


if __name__ == "__main__":
    sys.exit(main())
