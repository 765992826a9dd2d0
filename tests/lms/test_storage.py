"""AtomicFileSystemStorage: a file is complete under its name or not there at all."""

import errno

import pytest
from django.core.files.base import ContentFile

from lms.storage import AtomicFileSystemStorage, is_partial, stored_files
from tests.disk_faults import failing_disk, files_under

PDF = b"%PDF-1.7 " + bytes(range(256)) * 40  # ~10 kB, written in more than one piece


@pytest.mark.parametrize(("error", "room", "on"), [
    (errno.ENOSPC, 4096, "write"),  # the disk fills up part-way through the file
    (errno.EROFS, 0, "write"),  # the file system went read-only
    (errno.ENOSPC, 0, "fsync"),  # a full disk reported only when the data is flushed
])
def test_a_failed_write_leaves_no_file_and_the_name_free(tmp_path, error, room, on):
    storage = AtomicFileSystemStorage(location=tmp_path)

    with failing_disk(str(tmp_path), error, room=room, on=on), pytest.raises(OSError) as failure:
        storage.save("2026/05/code.pdf", ContentFile(PDF))

    assert failure.value.errno == error
    assert files_under(str(tmp_path)) == []
    assert storage.save("2026/05/code.pdf", ContentFile(PDF)) == "2026/05/code.pdf"
    assert (tmp_path / "2026/05/code.pdf").read_bytes() == PDF


def test_a_taken_name_is_never_replaced_unless_overwriting_is_allowed(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    storage.save("a.pdf", ContentFile(b"first"))

    second = storage.save("a.pdf", ContentFile(b"second"))
    AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True).save("a.pdf", ContentFile(b"third"))

    assert second != "a.pdf"
    assert storage.open(second).read() == b"second"
    assert storage.open("a.pdf").read() == b"third"
    assert sorted(stored_files(storage)) == sorted(["a.pdf", second])


def test_files_get_the_usual_permissions(tmp_path, settings):
    settings.FILE_UPLOAD_PERMISSIONS = 0o640
    storage = AtomicFileSystemStorage(location=tmp_path)

    storage.save("a.pdf", ContentFile(b"x"))

    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o640


def test_partial_files_are_recognised_by_name():
    assert is_partial("2026/05/.partial-0123abcd")
    assert not is_partial("2026/05/code.pdf")
