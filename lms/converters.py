"""URL converters."""

import re


class DatabaseIdConverter:
    """A row id in a URL: digits that fit a 64-bit integer column. Django's ``int`` converter takes any number of
    digits, and a number wider than the column makes the database driver fail (SQLite raises OverflowError)
    instead of answering "not found"."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def is_database_id(value: object) -> bool:
    """Whether ``value`` is written as an id the database can hold (what the ``id`` converter accepts)."""
    return re.fullmatch(DatabaseIdConverter.regex, str(value)) is not None
