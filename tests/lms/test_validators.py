import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

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


@pytest.mark.parametrize("name", [
    "Nguyễn Thị Minh Khai", unicodedata.normalize("NFD", "Trần Đặng Quỳnh Hương"),  # Vietnamese, also decomposed
    "प्रियंका चोपड़ा", "श्रीनिवास", "कुँवर", unicodedata.normalize("NFD", "ड़ीं"),  # Devanagari: nukta, virama, signs
    "مُحَمَّد", "عبد‌الله",  # Arabic with its vowel marks and a shadda
    "علی\u200cرضا", "مهر\u200cناز",  # Persian with a zero-width non-joiner
    "Ґалина Їжакевич", unicodedata.normalize("NFD", "Йосип Ющенко"),  # Ukrainian, also decomposed
    "Zażółć Gęślą-Jaźń", unicodedata.normalize("NFD", "Łucja Świętochowska"),  # Polish, also decomposed
    "שָׁלוֹם", "สมศักดิ์", "བསྒྲུབས",  # Hebrew with points, Thai with a vowel and a tone mark, Tibetan stacks
])
def test_real_names_with_accents_marks_and_joiners_are_accepted(name):
    validate_personal_name(name)


@pytest.mark.parametrize(("name", "code"), [
    ("\u3164", "name_invisible"),  # Hangul filler: a letter that prints nothing
    ("\u3164\u3164\u3164", "name_invisible"),
    ("Anna\u3164", "name_invisible"),
    ("\uffa0", "name_invisible"),  # its half-width twin
    ("\u115f\u1160", "name_invisible"),
    ("Anna\u2028Nowak", "name_invisible"),  # line separator
    ("Anna Nowak\u2029", "name_invisible"),  # paragraph separator
    ("A" + "\u0301" * 140, "name_marks"),  # 140 accents stacked on one letter
    ("Ja\u0300\u0301\u0302\u0303\u0304n", "name_marks"),
    ("Ja\u0300\u0301\u200d\u0302\u0303\u0304n", "name_marks"),  # a joiner does not break the stack
])
def test_names_that_print_blank_or_garbled_are_refused(name, code):
    with pytest.raises(ValidationError) as error:
        validate_personal_name(name)
    assert error.value.code == code


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


@pytest.mark.parametrize("name", [
    "Ja\u0300\u0301\u0302\u0303n",  # exactly MAX_MARKS_ON_A_LETTER marks on one letter
    "Ja\u0300\u0301\u200d\u0302n",  # a joiner counts with the marks around it
])
def test_a_name_with_as_many_marks_on_a_letter_as_allowed_is_accepted(name):
    validate_personal_name(name)


@pytest.mark.parametrize(("validate", "value", "message"), [
    (validate_nip, "12345", "A NIP has exactly 10 digits (dashes and spaces are allowed)."),
    (validate_nip, "1234563217", "This NIP is not valid: its check digit does not match. Please check the number."),
    (validate_personal_name, "123", "A name needs at least one letter."),
    (validate_personal_name, "Anna\u200b", "Please remove the invisible or control characters from the name."),
    (validate_personal_name, "Ja" + "\u0301" * 5 + "n", "Please remove the extra accents or marks stacked on one letter."),
])
def test_a_refusal_tells_the_person_what_to_change(validate, value, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate(value)
        assert error.value.messages == [message]  # the messages are lazy: read them in English
