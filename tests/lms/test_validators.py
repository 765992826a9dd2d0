import pytest
from django.core.exceptions import ValidationError

from lms.validators import nip_check_digit, normalise_nip, validate_nip, validate_personal_name


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


@pytest.mark.parametrize("typed", ["１２３４５６３２１８", "١٢٣٤٥٦٣٢١٨"])
def test_only_ascii_digits_make_a_nip(typed):
    with pytest.raises(ValidationError) as error:
        validate_nip(typed)
    assert error.value.code == "nip_format"


@pytest.mark.parametrize("name", ["Olena", "Żebrowska-Ślęzak", "O'Neill", "Ковальчук", "Nguyễn Thị", "محمد", "محمد\u200cرضا"])
def test_names_in_any_script_are_accepted(name):
    validate_personal_name(name)


@pytest.mark.parametrize(("name", "code"), [
    ("\u200b\u200b", "name_invisible"),  # zero-width spaces only
    ("Anna\u202eawoN", "name_invisible"),  # a right-to-left override would print "AnnaNowa" reversed
    ("Anna\u200b", "name_invisible"),
    ("\u200c", "name_letters"),
    ("---", "name_letters"),
    ("123", "name_letters"),
])
def test_names_without_letters_or_with_invisible_characters_are_refused(name, code):
    with pytest.raises(ValidationError) as error:
        validate_personal_name(name)
    assert error.value.code == code
