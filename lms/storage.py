"""File storage in which a file is either complete or absent, whatever goes wrong while it is written."""

import contextlib
import os
import secrets
from collections.abc import Iterator

from django.core.files.storage import FileSystemStorage, Storage
from django.utils._os import safe_makedirs

# Files being written carry this prefix in the folder they are moved into (a rename is atomic only within one
# file system); one left behind by a killed process is removed by the owner's sweep.
PARTIAL_PREFIX = ".partial-"


def is_partial(name: str) -> bool:
    return os.path.basename(name).startswith(PARTIAL_PREFIX)


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that writes each file under a temporary name in the target folder, flushes it to the disk
    and only then moves it to its name. A full disk (ENOSPC), a file system gone read-only (EROFS) or any other
    error removes the temporary file, so no truncated file is ever found under a real name, and a later attempt
    finds the name free. With ``allow_overwrite`` the move replaces a file of that name in one step (os.replace);
    without it a taken name is never replaced (a hard link fails instead) and Django picks another."""

    def _save(self, name, content):
        folder = os.path.dirname(self.path(name))
        if self.directory_permissions_mode is not None:
            safe_makedirs(folder, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(folder, exist_ok=True)
        partial = os.path.join(folder, f"{PARTIAL_PREFIX}{secrets.token_hex(8)}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            try:
                for chunk in content.chunks():
                    _write_all(descriptor, chunk.encode() if isinstance(chunk, str) else chunk)
                os.fsync(descriptor)  # a full disk may only say so here (network file systems, delayed allocation)
            finally:
                os.close(descriptor)
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            name = self._move_into_place(partial, name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
            raise
        _sync_folder(folder)  # the rename itself survives a power cut
        full_path = self.path(name)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _move_into_place(self, partial: str, name: str) -> str:
        if self._allow_overwrite:
            os.replace(partial, self.path(name))
            return name
        while True:
            try:
                os.link(partial, self.path(name))
            except FileExistsError:  # taken since Storage.save() chose the name
                name = self.get_available_name(name)
            else:
                os.unlink(partial)
                return name


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


def _sync_folder(folder: str) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Names of all files in ``storage``, in every folder (none before the first file creates the storage's own)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        yield f"{folder}/{file}" if folder else file
    for subfolder in folders:
        yield from stored_files(storage, f"{folder}/{subfolder}" if folder else subfolder)
