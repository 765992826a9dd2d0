"""A disk that fails under one folder, for tests of what a failed write leaves behind. The tests run as root, whom
chmod does not stop, and mounting a small or read-only file system needs privileges a container lacks; so the
system calls that write are replaced, and fail only for files under that folder. Files opened with os.fdopen
(Django's FileSystemStorage) write through the same calls."""

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def failing_disk(folder: str, error: int, *, room: int = 0, on: str = "write") -> Iterator[None]:
    """Writes to files under ``folder`` fail with ``error`` once ``room`` bytes are written (ENOSPC: the disk is
    full part-way through a file; EROFS: it went read-only); with ``on="fsync"`` the writes succeed and flushing
    them to the disk fails (how a full disk shows on network file systems)."""
    real_write, real_fsync = os.write, os.fsync
    folder = os.path.realpath(folder)
    written = 0

    def under_folder(descriptor: int) -> bool:
        return os.readlink(f"/proc/self/fd/{descriptor}").startswith(folder + os.sep)

    def write(descriptor: int, data) -> int:
        nonlocal written
        if on != "write" or not under_folder(descriptor):
            return real_write(descriptor, data)
        if written >= room:
            raise OSError(error, os.strerror(error))
        count = real_write(descriptor, bytes(data[:room - written]))
        written += count
        return count

    def fsync(descriptor: int) -> None:
        if on == "fsync" and under_folder(descriptor):
            raise OSError(error, os.strerror(error))
        real_fsync(descriptor)

    def fdopen(descriptor: int, mode: str = "r", *args, **kwargs):
        if "w" in mode and under_folder(descriptor):
            return _SystemCallFile(descriptor)
        return real_fdopen(descriptor, mode, *args, **kwargs)

    real_fdopen = os.fdopen
    os.write, os.fsync, os.fdopen = write, fsync, fdopen
    try:
        yield
    finally:
        os.write, os.fsync, os.fdopen = real_write, real_fsync, real_fdopen


class _SystemCallFile:
    """A file object writing each piece with os.write (a buffered file writes from C, past any replacement)."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    def write(self, data) -> None:
        view = memoryview(data.encode() if isinstance(data, str) else data)
        while view:
            view = view[os.write(self.descriptor, view):]

    def close(self) -> None:
        os.close(self.descriptor)


def files_under(folder: str) -> list[str]:
    """Every file under ``folder`` (temporary ones too), relative to it."""
    return sorted(os.path.relpath(os.path.join(path, name), folder)
                  for path, _folders, names in os.walk(folder) for name in names)
