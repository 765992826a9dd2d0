"""Every UI string has a real translation in Polish, Ukrainian and Russian (English is the source language)."""

import re
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def msgfmt_statistics(language: str) -> str:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, check=True,
    )
    return result.stderr


@pytest.mark.parametrize("language", ["pl", "uk", "ru"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    statistics = msgfmt_statistics(language)

    translated = int(re.match(r"(\d+) translated", statistics).group(1))
    assert translated > 50
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics


@pytest.mark.parametrize("language", ["pl", "en", "uk", "ru"])
def test_catalogue_is_compiled_for_the_running_site(language):
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.parametrize(("context", "word"), [("waiting list", "Promote"), ("person", "Name")])
def test_our_meaning_of_a_common_word_does_not_replace_wagtails(context, word):
    from django.utils import translation

    with translation.override("pl"):
        ours, wagtails = translation.pgettext(context, word), translation.gettext(word)

    assert ours != word and wagtails != word  # both translated...
    assert ours != wagtails  # ...each in its own sense ("Przyznaj miejsce" is no SEO tab)
