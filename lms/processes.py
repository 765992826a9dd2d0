"""Helper processes that must not outlive the process that started them."""

import os
import threading
import time


def exit_when_owner_dies(owner_pid: int, *, poll_seconds: float = 1.0) -> None:
    """End this process as soon as ``owner_pid`` is gone. Pool workers wait on their task queue for ever when the
    process that made the pool is killed with SIGKILL (a task worker killed mid-batch left ~290 MB of rendering
    processes behind); their direct parent is a fork server, not the owner, so PR_SET_PDEATHSIG would not see
    the owner die either."""

    def watch() -> None:
        while True:
            try:
                os.kill(owner_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid now belongs to another user's process: ours is gone
                os._exit(1)
            time.sleep(poll_seconds)

    threading.Thread(target=watch, name="exit-when-owner-dies", daemon=True).start()
