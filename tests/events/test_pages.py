"""Event listing, event page and the registration form, through the real URLs."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from wagtail.models import Locale

from events.models import Registration
from events.services.registration import cancel, register
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_listing_shows_upcoming_events_with_seats_left(client, make_event):
    full = make_event("Pełne szkolenie", capacity=1)
    register(event=full, participant=ProfileFactory().user)
    make_event("Wolne miejsca", capacity=5)
    make_event("Już było", start=timezone.now() - timedelta(days=3))

    html = client.get("/pl/wydarzenia/").content.decode()

    assert "Pełne szkolenie" in html and "Wolne miejsca" in html
    assert "Już było" not in html
    assert "Brak miejsc – lista rezerwowa otwarta" in html
    assert "5" in html


def test_archive_lists_past_events(client, make_event):
    make_event("Już było", start=timezone.now() - timedelta(days=3))
    make_event("Dopiero będzie")

    html = client.get("/pl/wydarzenia/archive/").content.decode()

    assert "Już było" in html and "Dopiero będzie" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=open_day", {"Dzień otwarty"}),
        ("format=in_person", {"Dzień otwarty", "Warsztat dla urzędników"}),
        ("audience=staff", {"Warsztat dla urzędników"}),
        ("language=uk", {"Вебінар"}),
        ("q=warsztat", {"Warsztat dla urzędników"}),
    ],
)
def test_listing_filters(client, make_event, query, expected):
    make_event("Dzień otwarty", kind="open_day", format="in_person", audience="employer")
    make_event("Warsztat dla urzędników", kind="training", format="in_person", audience="staff")
    make_event("Вебінар", kind="webinar", format="online", audience="foreign_national", event_language="uk")

    response = client.get(f"/pl/wydarzenia/?{query}")

    titles = {card.title for card in response.context["events"]}
    assert titles == expected


def test_date_range_filter_and_bad_dates_do_not_break_the_listing(client, make_event):
    soon = make_event("Za tydzień")
    make_event("Za miesiąc", start=timezone.now() + timedelta(days=30))
    # The listing's days are the office's: after 23:00 UTC in winter the UTC date is still the day before.
    day = timezone.localtime(soon.start).date().isoformat()

    response = client.get(f"/pl/wydarzenia/?date_from={day}&date_to={day}")
    assert {card.title for card in response.context["events"]} == {"Za tydzień"}

    response = client.get("/pl/wydarzenia/?date_from=not-a-date&date_to=2020-01-01")
    assert response.status_code == 200
    assert "date_from" in response.context["filter_form"].errors


def test_listing_paginates(client, make_event):
    for number in range(14):
        make_event(f"Wydarzenie {number:02d}", start=timezone.now() + timedelta(days=number + 1))

    first = client.get("/pl/wydarzenia/")
    second = client.get("/pl/wydarzenia/?page=2")

    assert len(first.context["events"]) == 12 and len(second.context["events"]) == 2
    assert 'href="?page=2"' in first.content.decode()


def test_translated_listing_shows_translated_titles_with_the_same_seats(client, make_event, event_index):
    event = make_event("Szkolenie", capacity=3)
    uk = Locale.objects.get(language_code="uk")
    event_index.copy_for_translation(uk, copy_parents=True).save_revision().publish()
    translation = event.copy_for_translation(uk)
    translation.title = "Навчання"
    translation.save_revision().publish()
    register(event=event, participant=ProfileFactory().user)

    response = client.get("/uk/wydarzenia/")

    (card,) = response.context["events"]
    assert card.title == "Навчання" and card.seats_left == 2
    assert card.url.startswith("/uk/")


def test_event_page_shows_form_with_access_needs_and_event_questions(client, make_event, participant):
    event = make_event(questions=[("text", {"label": "Nazwa firmy", "help_text": "", "required": True})])
    client.force_login(participant)

    html = client.get(event.url).content.decode()

    assert "Nazwa firmy" in html
    assert 'value="sign_language"' in html and 'name="access_needs_details"' in html


def test_registering_through_the_page(client, make_event, participant):
    event = make_event(questions=[("text", {"label": "Nazwa firmy", "help_text": "", "required": True})])
    question = f"question_{event.questions[0].id}"
    client.force_login(participant)

    response = client.post(f"/pl/events/{event.pk}/register/", {question: "Ogrody sp. z o.o.", "access_needs": ["step_free"]})

    assert response.status_code == 302
    registration = Registration.objects.get(participant=participant)
    assert registration.state == "confirmed"
    assert registration.access_needs == ["step_free"]
    assert list(registration.answers.values()) == [{"question": "Nazwa firmy", "answer": "Ogrody sp. z o.o."}]
    page = client.get(event.url).content.decode()
    assert "Cancel my registration" in page or "Anuluj" in page


def test_missing_required_answer_is_a_field_error_and_writes_nothing(client, make_event, participant):
    event = make_event(questions=[("text", {"label": "Nazwa firmy", "help_text": "", "required": True})])
    client.force_login(participant)

    response = client.post(f"/pl/events/{event.pk}/register/", {"access_needs": ["not-a-choice"]})

    assert response.status_code == 400
    form = response.context["registration_form"]
    assert set(form.errors) == {f"question_{event.questions[0].id}", "access_needs"}
    assert not Registration.objects.exists()


def test_registering_after_the_deadline_shows_the_reason(client, make_event, participant):
    event = make_event(registration_closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(participant)

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 409
    assert response.context["registration_error"] == "Registration for this event is closed." or \
        "zamknięta" in response.context["registration_error"]
    assert not Registration.objects.exists()


def test_registering_twice_through_the_page_is_refused(client, event, participant):
    client.force_login(participant)
    client.post(f"/pl/events/{event.pk}/register/", {})

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 409
    assert Registration.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, event):
    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_anonymous_visitor_is_offered_sign_in_and_sign_up_that_lead_back_to_the_event(client, event):
    html = client.get(event.url).content.decode()

    back = f"?next={quote(event.url)}"
    assert f'href="/pl/accounts/login/{back}"' in html and f'href="/pl/accounts/signup/{back}"' in html


def test_waiting_list_position_is_shown_and_cancel_promotes(client, make_event, participant, other_participant):
    event = make_event(capacity=1)
    client.force_login(participant)
    client.post(f"/pl/events/{event.pk}/register/", {})
    client.force_login(other_participant)
    client.post(f"/pl/events/{event.pk}/register/", {})

    page = client.get(event.url)
    assert page.context["waiting_position"] == 1

    client.force_login(participant)
    client.post(f"{event.url}cancel/", {"confirm": "yes"})
    assert Registration.objects.get(participant=other_participant).state == "confirmed"


def test_get_on_register_is_not_allowed(client, event, participant):
    client.force_login(participant)

    assert client.get(f"/pl/events/{event.pk}/register/").status_code == 405


def test_calendar_download(client, event):
    response = client.get(f"{event.url}calendar/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content and b"SUMMARY:Webinar dla pracodaw" in response.content


def test_my_registrations_lists_only_my_own(client, event, participant, other_participant):
    register(event=event, participant=participant)
    client.force_login(other_participant)

    response = client.get("/en/my/registrations/")

    assert response.status_code == 200
    assert response.context["registrations"] == []


def test_my_registrations_lists_each_event_once_upcoming_soonest_first_then_past(client, make_event, participant):
    later = make_event("Później", start=timezone.now() + timedelta(days=9))
    sooner = make_event("Wkrótce", start=timezone.now() + timedelta(days=2))
    over = make_event("Minione", start=timezone.now() - timedelta(days=3))
    first = register(event=sooner, participant=participant)
    cancel(registration=first, actor=participant)
    again = register(event=sooner, participant=participant)
    register(event=later, participant=participant)
    Registration.objects.create(event=over, participant=participant, state=Registration.State.CONFIRMED)
    client.force_login(participant)

    response = client.get("/en/my/registrations/")

    assert [r.event.title for r in response.context["upcoming"]] == ["Wkrótce", "Później"]
    assert [r.event.title for r in response.context["past"]] == ["Minione"]
    assert response.context["upcoming"][0] == again  # the cancelled registration is not listed beside it


def test_translated_page_asks_the_questions_in_its_language(client, make_event, participant):
    event = make_event(questions=[("text", {"label": "Nazwa szkoły", "help_text": "", "required": True})])
    translation = event.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    translation.questions = [("text", {"label": "Назва школи", "help_text": "", "required": True})]
    translation.questions[0].id = event.questions[0].id
    translation.save_revision().publish()
    client.force_login(participant)

    html = client.get(translation.url).content.decode()
    response = client.post(f"/uk/events/{translation.pk}/register/", {f"question_{event.questions[0].id}": "SP 5"})

    assert "Назва школи" in html
    assert response.status_code == 302
    (answer,) = Registration.objects.get(participant=participant).answers.values()
    assert answer["answer"] == "SP 5"


def test_cancelling_asks_first_and_changes_nothing_until_confirmed(client, make_event, participant, other_participant):
    event = make_event(capacity=1)
    holder = register(event=event, participant=participant)
    waiting = register(event=event, participant=other_participant)
    client.force_login(participant)

    question = client.post(f"{event.url}cancel/")

    html = question.content.decode()
    assert question.status_code == 200 and event.title in html
    assert 'name="confirm" value="yes"' in html and f'href="{event.url}"' in html
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.state, waiting.state) == ("confirmed", "waiting")

    client.post(f"{event.url}cancel/", {"confirm": "yes"})

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.state, waiting.state) == ("cancelled", "confirmed")


def test_a_past_event_page_offers_no_seats_and_no_calendar_entry(client, make_event):
    over = make_event("Minione", start=timezone.now() - timedelta(days=3))
    coming = make_event("Wkrótce", start=timezone.now() + timedelta(days=3))

    past_html, coming_html = client.get(over.url).content.decode(), client.get(coming.url).content.decode()

    assert "calendar/" not in past_html and "Miejsca" not in past_html
    assert "calendar/" in coming_html and "Miejsca" in coming_html


def test_a_question_hint_is_plain_text(client, make_event, participant):
    hint = '<meta http-equiv="refresh" content="0;url=https://evil.example/"><b>NIP</b> & REGON'
    event = make_event(questions=[("text", {"label": "Nazwa firmy", "help_text": hint, "required": False})])
    client.force_login(participant)

    html = client.get(event.url).content.decode()

    assert "<meta http-equiv" not in html and "<b>NIP</b>" not in html
    assert "&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://evil.example/&quot;&gt;" in html
    assert "&lt;b&gt;NIP&lt;/b&gt; &amp; REGON" in html
