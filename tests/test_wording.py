"""Wording a native reader does not stumble on (docs/glossary.md): the terms of the glossary where participants
read them, and catalogues that say the same things in every language."""

import ast
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events.models.pages import Audience
from lms.models import Profile

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def catalogue(language: str) -> dict[tuple[str | None, str], list[str]]:
    """Our catalogue's entries: (msgctxt, msgid) -> its msgstr(s), the header left out."""
    entries, entry, field = {}, {}, None

    def keep():
        if entry.get("msgid"):
            entries[(entry.get("msgctxt"), entry["msgid"])] = [text for key, text in entry.items()
                                                               if key.startswith("msgstr")]

    for line in (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").splitlines():
        keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line)
        if keyword:
            if keyword.group(1) in ("msgctxt", "msgid") and any(key.startswith("msgstr") for key in entry):
                keep()
                entry = {}
            field = keyword.group(1)
            entry[field] = ast.literal_eval(keyword.group(2))
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
    keep()
    return entries


def field_label(html: str, field_id: str) -> str:
    label = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", label).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_signup", "account_login"])
def test_the_polish_sign_up_and_sign_in_pages_call_the_address_e_mail(client, home_pages, url_name):
    with translation.override("pl"):
        url = reverse(url_name)

    html = client.get(url).content.decode()

    assert field_label(html, "id_email" if url_name == "account_signup" else "id_login").startswith("E-mail")
    assert not re.search(r"\bEmail\b", re.sub(r"<[^>]*>", " ", html))


@pytest.mark.django_db
def test_allauths_polish_mail_greets_without_declining_the_sites_name(
    client, home_pages, django_capture_on_commit_callbacks
):
    with translation.override("pl"):
        url = reverse("account_signup")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "nowa@example.org", "password1": "Tajne-haslo-2026",
                          "password2": "Tajne-haslo-2026", "privacy_consent": "on"})

    body = mail.outbox[0].body
    assert "Witamy z" not in body and "korzystanie z Szkole" not in body
    assert body.startswith("Dzień dobry! Piszemy z serwisu „Szkolenia punktu informacyjnego dla cudzoziemców”.")
    assert "Dziękujemy za korzystanie z serwisu „Szkolenia punktu informacyjnego dla cudzoziemców”." in body
    assert "Twój" not in body and "Ty " not in body


def test_polish_audience_labels_are_groups_in_the_plural_in_profiles_and_events():
    with translation.override("pl"):
        profile_labels = [str(label) for label in Profile.Audience.labels]
        event_labels = [str(label) for label in Audience.labels]

    assert profile_labels == ["Pracodawcy", "Pracownicy oświaty", "Pracownicy urzędu", "Cudzoziemcy", "Inne osoby"]
    assert event_labels == ["Wszyscy", "Pracodawcy", "Pracownicy oświaty", "Pracownicy urzędu", "Cudzoziemcy"]


@pytest.mark.parametrize("language", ["pl", "uk", "ru"])
def test_a_group_has_one_name_in_the_profile_and_on_events(language):
    with translation.override(language):
        in_profiles = {value: str(label) for value, label in Profile.Audience.choices}
        on_events = {value: str(label) for value, label in Audience.choices}

    shared = in_profiles.keys() & on_events.keys()
    assert len(shared) == 4
    assert {value: in_profiles[value] for value in shared} == {value: on_events[value] for value in shared}


def test_no_polish_text_spells_email_without_its_hyphen():
    spelled_so = [msgid for (_, msgid), texts in catalogue("pl").items()
                  if any(re.search(r"\bE?email\b", re.sub(r"%\(\w+\)s", "", text), re.I) for text in texts)]

    assert spelled_so == []


def test_every_catalogue_has_the_same_entries_and_a_text_for_each_in_polish_ukrainian_and_russian():
    catalogues = {language: catalogue(language) for language in ("en", "pl", "uk", "ru")}

    for language, entries in catalogues.items():
        assert entries.keys() == catalogues["pl"].keys(), language
    for language in ("pl", "uk", "ru"):
        empty = [key for key, texts in catalogues[language].items() if not all(texts)]
        assert empty == [], language


@pytest.mark.parametrize(("language", "informal"), [
    # Polish: no "Ty" and its verbs ("otrzymasz", "uczestniczyłeś(-aś)"); buttons may still say "Zapisz".
    ("pl", r"\b(Ty|Ciebie|Cię|Twój|Twoja|Twoje|Twojego|Twoim|twoich|Pan/Pani|Pana/Pani|\w+łeś|\w+łaś|"
           r"(?!nasz|wasz)\w+(asz|esz))\b|\(-aś\)"),
    ("uk", r"(?<!\w)(ти|тебе|тобі|твій|твоя|твоє|твої)(?!\w)"),
    ("ru", r"(?<!\w)(ты|тебя|тебе|твой|твоя|твоё|твои)(?!\w)"),
], ids=["pl", "uk", "ru"])
def test_participants_are_addressed_in_the_sites_polite_register(language, informal):
    familiar = [msgid for (_, msgid), texts in catalogue(language).items()
                if any(re.search(informal, text, re.I) for text in texts)]

    assert familiar == []


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_the_polite_you_is_capitalised_in_ukrainian_and_russian(language):
    lower_case_you = r"(?<!\w)(ви|вы|вас|вам|вами|ваш\w*)(?!\w)"
    found = [msgid for (_, msgid), texts in catalogue(language).items()
             if any(re.search(lower_case_you, text) for text in texts)]

    assert found == []


@pytest.mark.parametrize(("language", "off_glossary"), [
    ("pl", r"(?i)\b(lista|listy|listę|liście) oczekujących\b|\bcertyfikat\w*|\bwebinaria\b|\bzgłoszeni(e|a|u|em)\b"),
    ("uk", r"(?i)свідоцтв\w*|лист\w* очікування|(?<!\w)поді[їя](?!\w)"),
    ("ru", r"(?i)свидетельств\w*|спис\w* ожидания"),
], ids=["pl", "uk", "ru"])
def test_one_word_for_each_concept_as_the_glossary_has_it(language, off_glossary):
    """docs/glossary.md: a registration, the waiting list, a certificate and an event have one name each."""
    found = [msgid for (_, msgid), texts in catalogue(language).items()
             if any(re.search(off_glossary, text) for text in texts)]

    assert found == []
