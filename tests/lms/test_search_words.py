"""Search understands the language: a word finds its inflected forms in Polish, Ukrainian, Russian and English,
typed with or without diacritics and in any case, in an event's title, summary, description, location and
presenters, and in a course's texts; results in the visitor's language come first."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from courses.models import CoursePage
from events.models import EventPage, Location
from events.models.pages import EventPresenter
from tests.events.conftest import course_index  # noqa: F401

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [card.title for card in response.context["events"]]


def translate(page, language: str, **texts):
    translation = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for field, value in texts.items():
        setattr(translation, field, value)
    translation.save_revision().publish()
    return translation


@pytest.mark.parametrize(("query", "expected"), [
    ("pracodawca", ["Dzień Otwarty dla pracodawców"]),
    ("Pracodawcy", ["Dzień Otwarty dla pracodawców"]),
    ("zezwolenie", ["Zezwolenia na pobyt czasowy"]),
    ("ZEZWOLENIU", ["Zezwolenia na pobyt czasowy"]),
])
def test_a_polish_word_finds_its_inflected_forms_in_any_case_and_without_polish_letters(client, make_event, query,
                                                                                       expected):
    make_event("Dzień Otwarty dla pracodawców", summary="Spotkanie z doradcami.")
    make_event("Zezwolenia na pobyt czasowy", summary="Jak złożyć wniosek.")

    assert titles(client.get("/pl/wydarzenia/", {"q": query})) == expected


def test_every_word_of_the_search_must_match_in_some_form(client, make_event):
    make_event("Dzień Otwarty dla pracodawców")
    make_event("Zezwolenia na pobyt czasowy")

    assert titles(client.get("/pl/wydarzenia/", {"q": "dzien pracodawca"})) == ["Dzień Otwarty dla pracodawców"]
    assert titles(client.get("/pl/wydarzenia/", {"q": "pracodawca zezwolenie"})) == []


@pytest.mark.parametrize("query", ["Lublin", "lublin", "LUBLINIE"])
def test_the_place_of_an_event_is_searched(client, make_event, query):
    lublin = Location.objects.create(name="Centrum Konferencyjne", street="ul. Spokojna 4", postal_code="20-074",
                                     city="Lublin")
    make_event("Szkolenie dla urzędników", format=EventPage.Format.IN_PERSON, location=lublin)
    make_event("Szkolenie w Warszawie", format=EventPage.Format.IN_PERSON)

    assert titles(client.get("/pl/wydarzenia/", {"q": query})) == ["Szkolenie dla urzędników"]


def test_a_place_renamed_is_found_under_its_new_name(client, make_event, django_capture_on_commit_callbacks):
    place = Location.objects.create(name="Sala konferencyjna", street="ul. Lwowska 1", postal_code="22-100",
                                    city="Lublin")
    make_event("Szkolenie dla urzędników", format=EventPage.Format.IN_PERSON, location=place)

    place.city = "Chełm"
    with django_capture_on_commit_callbacks(execute=True):
        place.save()

    assert titles(client.get("/pl/wydarzenia/", {"q": "chelm"})) == ["Szkolenie dla urzędników"]
    assert titles(client.get("/pl/wydarzenia/", {"q": "lublin"})) == []


@pytest.mark.parametrize("query", ["zolkiewska", "Żółkiewska", "żółkiewskiej", "koordynatorka"])
def test_presenters_are_searched_by_name_and_role_without_polish_letters(client, make_event, query):
    event = make_event("Legalizacja pracy")
    EventPresenter.objects.create(page=event, name="Anna Żółkiewska", role="koordynatorka projektu")
    event.save_revision().publish()
    make_event("Składki pracownika")

    assert titles(client.get("/pl/wydarzenia/", {"q": query})) == ["Legalizacja pracy"]


def test_summary_and_description_are_searched_by_the_dictionary_form(client, make_event):
    make_event("Szkolenie A", summary="Zatrudnianie cudzoziemców spoza Unii.")
    make_event("Szkolenie B", summary="Krótki opis.",
               body=[{"type": "paragraph", "value": "<p>Omówimy <b>oświadczenia</b> o powierzeniu pracy.</p>"}])

    assert titles(client.get("/pl/wydarzenia/", {"q": "cudzoziemiec"})) == ["Szkolenie A"]
    assert titles(client.get("/pl/wydarzenia/", {"q": "oswiadczenie"})) == ["Szkolenie B"]


@pytest.mark.parametrize(("language", "title", "query"), [
    ("uk", "День відкритих дверей для роботодавців", "роботодавець"),
    ("ru", "День открытых дверей для работодателей", "работодатель"),
    ("en", "Open Day for employers", "employer"),
    ("en", "Open Day for an employer", "employers"),
])
def test_a_word_finds_its_inflected_forms_in_ukrainian_russian_and_english(client, make_event, event_index, language,
                                                                          title, query):
    event = make_event("Dzień Otwarty")
    other = make_event("Składki pracownika")
    translate(event_index, language)
    translate(event, language, title=title)
    translate(other, language, title="—")

    assert titles(client.get(f"/{language}/wydarzenia/", {"q": query})) == [title]


def test_results_in_the_visitors_language_come_first(client, make_event, event_index):
    soon = timezone.now().replace(microsecond=0) + timedelta(days=2)
    polish_only = make_event("Employer branding w urzędzie", start=soon)
    translated = make_event("Dzień Otwarty dla pracodawców", start=soon + timedelta(days=5))
    translate(event_index, "en")
    translate(translated, "en", title="Open Day for employers")

    listed = titles(client.get("/en/wydarzenia/", {"q": "employer"}))
    unsearched = titles(client.get("/en/wydarzenia/"))

    assert listed == ["Open Day for employers", polish_only.title]
    assert unsearched == [polish_only.title, "Open Day for employers"]


def test_the_archive_finds_inflected_forms(client, make_event):
    started = timezone.now().replace(microsecond=0) - timedelta(days=3)
    make_event("Dzień Otwarty dla pracodawców", start=started)
    make_event("Składki pracownika", start=started)

    assert titles(client.get("/pl/wydarzenia/archive/", {"q": "pracodawca"})) == ["Dzień Otwarty dla pracodawców"]


def test_the_course_listing_finds_inflected_forms(client, course_index):  # noqa: F811
    for number, (title, outcomes) in enumerate((("Kurs dla pracodawców", ""),
                                                 ("Kurs podstawowy", "<p>Wiedza o zezwoleniach na pracę.</p>"))):
        course = course_index.add_child(instance=CoursePage(title=title, slug=f"kurs-{number}", summary="Opis.",
                                                            learning_outcomes=outcomes))
        course.save_revision().publish()

    def found(query):
        return [course.title for course in client.get("/pl/kursy/", {"q": query}).context["courses"]]

    assert found("pracodawca") == ["Kurs dla pracodawców"]
    assert found("zezwolenie") == ["Kurs podstawowy"]
