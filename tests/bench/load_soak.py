"""A soak of mixed traffic against gunicorn on PostgreSQL: listing, event pages, registrations and the
participant's registrations page, for a few minutes. Prints requests per second, errors, latency and the
memory (RSS) of each gunicorn worker at the start and the end.

    scripts/with-postgres.sh .venv/bin/python -m tests.bench.load_soak [--seconds 180] [--clients 8]"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.bench.load_burst import ROOT, free_port, prepare, server_environment


def worker_rss_kib(master_pid: int) -> dict[int, int]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = {}
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            line = next(line for line in status.read_text().splitlines() if line.startswith("VmRSS:"))
            sizes[int(pid)] = int(line.split()[1])
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("load_soak needs PostgreSQL: run it through scripts/with-postgres.sh", file=sys.stderr)
        return 2
    port = free_port()
    env = {**server_environment(port), "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="lms-static-")}
    # Enough participants for one registration each during the run, plus seats for most of them.
    path, event_id, session_keys = prepare(4000, 3000, env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(options.workers), "--log-level", "warning"], cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    csrf = secrets.token_hex(16)
    unused_sessions = list(session_keys)
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=5).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.2)
        listing = path.rsplit("/", 2)[0] + "/"
        requests.get(f"{base}{listing}", timeout=30)  # warm every worker's caches a little
        memory_start = worker_rss_kib(server.pid)
        deadline = time.monotonic() + options.seconds
        results: list[tuple[str, float, int]] = []

        def client(seed: int) -> None:
            rng = random.Random(seed)
            http = requests.Session()
            while time.monotonic() < deadline:
                kind = rng.choices(["listing", "event", "register", "dashboard"], weights=[4, 4, 1, 1])[0]
                cookie = ""
                if kind in ("register", "dashboard") and unused_sessions:
                    cookie = f"sessionid={unused_sessions.pop()}; csrftoken={csrf}"
                started = time.perf_counter()
                try:
                    if kind == "register" and cookie:
                        response = http.post(f"{base}/pl/events/{event_id}/register/", data={}, timeout=30,
                                             allow_redirects=False, headers={"Cookie": cookie, "X-CSRFToken": csrf})
                    elif kind == "dashboard" and cookie:
                        response = http.get(f"{base}/pl/my/registrations/", timeout=30, headers={"Cookie": cookie})
                    else:
                        response = http.get(f"{base}{listing if kind == 'listing' else path}", timeout=30)
                    status = response.status_code
                except requests.RequestException:
                    status = 0
                results.append((kind, time.perf_counter() - started, status))

        with ThreadPoolExecutor(max_workers=options.clients) as pool:
            list(pool.map(client, range(options.clients)))
        memory_end = worker_rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)

    errors = [status for _, _, status in results if status == 0 or status >= 500]
    print(f"soak: {options.seconds} s, {options.clients} clients, gunicorn {options.workers} workers, PostgreSQL")
    print(f"  {len(results)} requests = {len(results) / options.seconds:.1f} requests/s, errors (5xx or no answer): {len(errors)}")
    for kind in ("listing", "event", "register", "dashboard"):
        latencies = [latency for name, latency, _ in results if name == kind]
        if latencies:
            print(f"  {kind:<10} {len(latencies):>6} requests, median {statistics.median(latencies) * 1000:.0f} ms, "
                  f"p95 {statistics.quantiles(latencies, n=20)[18] * 1000:.0f} ms")
    for pid in sorted(set(memory_start) & set(memory_end)):
        growth = memory_end[pid] - memory_start[pid]
        print(f"  worker {pid}: RSS {memory_start[pid] / 1024:.0f} MiB -> {memory_end[pid] / 1024:.0f} MiB "
              f"({growth / 1024:+.1f} MiB)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
