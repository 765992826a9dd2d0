"""Codes people read off paper and type: Crockford's base32 (no I, L, O or U, so nothing is ambiguous) in groups
of four. Case, spaces and hyphens do not matter when typed, and O, I and L are read as 0, 1 and 1."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP = 4
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def normalise(typed: str) -> str:
    """The code as typed or scanned: upper case, no spaces or hyphens, look-alike letters read as digits."""
    compact = "".join(typed.split()).replace("-", "").upper()
    return "".join(_READ_AS.get(character, character) for character in compact)


def is_code(typed: str, length: int) -> bool:
    compact = normalise(typed)
    return len(compact) == length and all(character in ALPHABET for character in compact)


def grouped(compact: str) -> str:
    return "-".join(compact[start:start + GROUP] for start in range(0, len(compact), GROUP))


def random_code(length: int) -> str:
    """``length`` random characters (5 bits each), grouped."""
    return grouped("".join(secrets.choice(ALPHABET) for _ in range(length)))
