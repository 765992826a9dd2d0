"""An employer's coordinator imports the roster from a CSV file with one bad row, sees the row's error, checks the
corrected file and imports it; once the people have accepted their invitations, the coordinator registers five of
them for a training whose seat quota for the organisation is four, and sees four registered and one refused with
the reason. axe checks the preview and the result."""

import pytest
from playwright.sync_api import expect

from events.models import Registration
from organisations.models import Invitation
from organisations.services import accept_invitation, set_seat_quota
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory
from tests.organisations.conftest import coordinator, organisation  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "imię i nazwisko;e-mail;język;rola\n"
PEOPLE = [("Olena Kowalenko", "olena@example.org", "uk"), ("Jan Nowak", "jan@example.org", "pl"),
          ("Iwan Petrenko", "iwan@example.org", "ru"), ("Maria Wiśniewska", "maria@example.org", "pl"),
          ("John Smith", "john@example.org", "en")]


def csv_file(rows: list[tuple[str, str, str]]) -> dict:
    text = HEADER + "".join(f"{name};{email};{language};\n" for name, email, language in rows)
    return {"name": "pracownicy.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_the_coordinator_imports_a_corrected_roster_and_registers_five_with_a_quota_of_four(
        live_server, signed_in_page, assert_accessible, make_event, organisation, coordinator):  # noqa: F811
    training = make_event("Szkolenie: zatrudnianie cudzoziemców", capacity=20)
    set_seat_quota(organisation=organisation, event=training, seats=4, actor=coordinator)
    tab = signed_in_page(coordinator)
    tab.set_viewport_size({"width": 1024, "height": 900})
    tab.goto(f"{live_server.url}/pl/my/organisations/")
    tab.get_by_role("link", name="Budowa Sp. z o.o.").click()
    tab.get_by_role("link", name="Import osób z pliku CSV").click()

    with_a_typo = PEOPLE[:2] + [("Iwan Petrenko", "iwan@example", "ru")] + PEOPLE[3:]
    tab.get_by_label("Plik CSV").set_input_files(csv_file(with_a_typo))
    tab.get_by_role("button", name="Sprawdź plik").click()
    errors = tab.get_by_role("table", name="Wiersze z błędami")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr")).to_contain_text("4")
    expect(errors).to_contain_text("„iwan@example” nie jest poprawnym adresem e-mail.")
    assert_accessible(tab, "the roster preview with a row error")
    assert not Invitation.objects.exists()

    tab.get_by_role("link", name="Sprawdź poprawiony plik").click()
    tab.get_by_label("Plik CSV").set_input_files(csv_file(PEOPLE))
    tab.get_by_role("button", name="Sprawdź plik").click()
    expect(tab.get_by_text("5 wierszy jest gotowych do importu.")).to_be_visible()
    tab.get_by_role("button", name="Zaimportuj 5 osób i wyślij zaproszenia").click()
    expect(tab.get_by_text("Wysłano 5 zaproszeń.")).to_be_visible()
    assert Invitation.objects.count() == 5

    for invitation in Invitation.objects.all():  # each person opens the link from the mail and accepts
        person = ProfileFactory(user__email=invitation.email, user__first_name=invitation.name.split()[0],
                                user__last_name=invitation.name.split()[1]).user
        accept_invitation(invitation=invitation, user=person)

    tab.get_by_role("link", name="Zarejestruj osoby na wydarzenie").click()
    tab.get_by_label("Wydarzenie").select_option(label=tab.get_by_label("Wydarzenie").locator("option").nth(1)
                                                 .inner_text())
    for name, _email, _language in PEOPLE:
        tab.get_by_label(name).check()
    tab.get_by_role("button", name="Zarejestruj wybrane osoby").click()

    result = tab.get_by_role("table", name="Wynik")
    expect(result.locator("tbody tr")).to_have_count(5)
    expect(result.get_by_text("Zarejestrowano", exact=True)).to_have_count(4)
    expect(result.locator("tbody tr").nth(4)).to_contain_text(
        "Nie zarejestrowano: Limit miejsc organizacji na to wydarzenie został wykorzystany.")
    assert_accessible(tab, "the registration result")
    assert Registration.objects.filter(event=training, state="confirmed").count() == 4
