import pytest
from django.core.exceptions import ValidationError

from lms.validators import nip_check_digit, normalise_nip, validate_nip


@pytest.mark.parametrize("typed", ["1234563218", "123-456-32-18", "123 456 32 18", " 123-45-63-218 "])
def test_valid_nip_in_any_common_spelling(typed):
    validate_nip(typed)
    assert normalise_nip(typed) == "1234563218"


def test_check_digit_uses_the_official_weights():
    # 6*1 + 5*2 + 7*3 + 2*4 + 3*5 + 4*6 + 5*3 + 6*2 + 7*1 = 118; 118 mod 11 = 8
    assert nip_check_digit("123456321") == 8


@pytest.mark.parametrize("typed", ["1234563219", "123-456-32-10"])
def test_wrong_check_digit_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        validate_nip(typed)
    assert error.value.code == "nip_checksum"


def test_remainder_ten_is_never_valid():
    first_nine = next(f"{n:09d}" for n in range(1, 10_000) if nip_check_digit(f"{n:09d}") == 10)
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_nip(first_nine + last)


@pytest.mark.parametrize("typed", ["", "123456321", "12345632181", "12345G3218", "123/456/32/18"])
def test_wrong_length_or_characters_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        validate_nip(typed)
    assert error.value.code == "nip_format"
