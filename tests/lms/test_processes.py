"""Helper processes end with the process that started them (rendering pools of a task worker killed mid-batch)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_helper_process_exits_when_its_owner_is_killed():
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    helper = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom lms.processes import exit_when_owner_dies\n"
         f"exit_when_owner_dies({owner.pid}, poll_seconds=0.05)\nprint('watching', flush=True)\ntime.sleep(600)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert helper.stdout.readline().strip() == "watching"
        assert helper.poll() is None  # alive while its owner is

        owner.kill()
        owner.wait()

        assert helper.wait(timeout=60) == 1
    finally:
        for process in (owner, helper):
            if process.poll() is None:
                process.kill()
                process.wait()
