"""Validators for what participants type about themselves: Polish identifiers and names."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
_NIP_SEPARATORS = re.compile(r"[\s\-]")


def normalise_nip(value: str) -> str:
    """Drop the dashes and spaces people type (``123-456-32-18``), keeping only what is stored."""
    return _NIP_SEPARATORS.sub("", value or "")


def nip_check_digit(first_nine: str) -> int:
    return sum(weight * int(digit) for weight, digit in zip(NIP_WEIGHTS, first_nine, strict=True)) % 11


def validate_nip(value: str) -> None:
    digits = normalise_nip(value)
    if not re.fullmatch(r"[0-9]{10}", digits):  # not \d, which also takes "１２３" and "١٢٣"
        raise ValidationError(_("A NIP has exactly 10 digits (dashes and spaces are allowed)."), code="nip_format")
    check = nip_check_digit(digits[:9])
    # A remainder of 10 cannot be written as one digit, so no valid NIP has it.
    if check == 10 or check != int(digits[9]):
        raise ValidationError(_("This NIP is not valid: its check digit does not match. Please check the number."), code="nip_checksum")


# Zero-width (non-)joiners belong to the spelling of names in Persian, Arabic and Indic scripts.
_JOINERS = {"\u200c", "\u200d"}
# Hangul fillers are letters to Unicode but print nothing; no name is spelt with them.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
# Formatting and control characters, and line and paragraph separators: they hide, reorder or break what is printed.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp"}
# Real scripts stack at most three marks on a letter (Devanagari nukta, vowel sign and nasal sign; Tibetan two
# subjoined letters and a vowel; Vietnamese two accents; Arabic shadda and a vowel); one more leaves room for what we
# have not met, more only garbles the name.
MAX_MARKS_ON_A_LETTER = 4


def _is_invisible(character: str) -> bool:
    if character in _JOINERS:
        return False
    return character in _BLANK_LETTERS or unicodedata.category(character) in _INVISIBLE_CATEGORIES


def _longest_run_of_marks(value: str) -> int:
    """The most combining marks following one another, counted with every accent apart ("à" is "a" and a mark), so
    precomposed letters count as they are printed; joiners are counted too, so they cannot split a stack."""
    longest = run = 0
    for character in unicodedata.normalize("NFD", value):
        run = run + 1 if unicodedata.category(character).startswith("M") or character in _JOINERS else 0
        longest = max(longest, run)
    return longest


def validate_personal_name(value: str) -> None:
    """A name as it will be printed on certificates: at least one letter, no invisible formatting characters
    (zero-width spaces, right-to-left overrides, fillers, line breaks), which would hide or reorder what is printed,
    and no more accents on one letter than a script uses."""
    if any(_is_invisible(character) for character in value):
        raise ValidationError(_("Please remove the invisible or control characters from the name."),
                              code="name_invisible")
    if not any(unicodedata.category(character).startswith("L") for character in value):
        raise ValidationError(_("A name needs at least one letter."), code="name_letters")
    if _longest_run_of_marks(value) > MAX_MARKS_ON_A_LETTER:
        raise ValidationError(_("Please remove the extra accents or marks stacked on one letter."), code="name_marks")
