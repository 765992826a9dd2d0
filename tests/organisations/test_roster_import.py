"""A coordinator's CSV roster: checked row by row for a preview, nothing imported until confirmed, then every valid
row at once; a file that cannot be read is refused with the reason and keeps nothing."""

import pytest
from django.urls import reverse

from lms.models import AuditEntry
from organisations.models import Invitation, RosterImport
from organisations.roster import RosterFileError, confirm_import, read_roster
from organisations.services import invite

pytestmark = pytest.mark.django_db

GOOD = ("imię i nazwisko;e-mail;język;rola\n"
        "Olena Kowalenko;olena@example.org;uk;\n"
        "Jan Nowak;JAN@example.org;pl;koordynator\n")


def read(organisation, coordinator, text: str | bytes, name: str = "lista.csv") -> RosterImport:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_roster(organisation=organisation, actor=coordinator, data=data, file_name=name)


def test_a_semicolon_file_with_polish_column_names_is_read_and_nothing_is_imported_before_confirming(
        organisation, coordinator):
    checked = read(organisation, coordinator, "\ufeff" + GOOD)

    assert [(row["line"], row["name"], row["email"], row["language"], row["role"], row["errors"])
            for row in checked.rows] == [
        (2, "Olena Kowalenko", "olena@example.org", "uk", "", []),
        (3, "Jan Nowak", "jan@example.org", "pl", "koordynator", []),
    ]
    assert not Invitation.objects.exists()


def test_each_bad_row_names_its_problems(organisation, coordinator):
    invite(organisation=organisation, actor=coordinator, email="ktos@example.org", name="Ktoś Zaproszony",
           language="pl")
    text = ("name,email,language,role\n"
            "Olena Kowalenko,olena@example,uk,\n"
            "Jan Nowak,jan@example.org,de,member\n"
            "Jan Nowak,JAN@example.org,pl,boss\n"
            "Anna Koordynatorska,koordynator@budimex-test.pl,pl,\n"
            "Ktoś Zaproszony,ktos@example.org,pl,\n"
            "123,numer@example.org,pl,\n")

    rows = {row["line"]: row["errors"] for row in read(organisation, coordinator, text).rows}

    assert rows == {
        2: ["„olena@example” nie jest poprawnym adresem e-mail."],
        3: ["Nieznany język „de”: należy wpisać pl, en, uk lub ru."],
        4: ["Ten sam adres jest w wierszu 3.", "Nieznana rola „boss”: należy wpisać member lub coordinator."],
        5: ["Ta osoba jest już na liście."],
        6: ["Ten adres został już zaproszony."],
        7: ["Imię i nazwisko musi zawierać co najmniej jedną literę."],
    }


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty"),
    ("imię;e-mail;język\nJan;jan@example.org;pl\n".encode("cp1250"), "encoding"),
    (b"name;email\nJan Nowak;jan@example.org\n", "missing_columns"),
    (b"name;email;language\n\n;;\n", "no_rows"),
    (b"name;email;language\n" + b"Jan Nowak;jan@example.org;pl\n" * 5001, "too_many_rows"),
])
def test_a_file_that_cannot_be_read_is_refused_with_the_reason_and_keeps_nothing(organisation, coordinator, data,
                                                                               code):
    with pytest.raises(RosterFileError) as refused:
        read(organisation, coordinator, data)

    assert refused.value.code == code
    assert not RosterImport.objects.exists() and not Invitation.objects.exists()


def test_confirming_imports_the_valid_rows_at_once_with_one_task_and_twice_imports_nothing_twice(
        organisation, coordinator, django_capture_on_commit_callbacks, mailoutbox):
    checked = read(organisation, coordinator, GOOD + "Zły Wiersz;zly;pl;\n")

    with django_capture_on_commit_callbacks(execute=True):
        result = confirm_import(roster_import=checked, actor=coordinator)

    assert result.imported == 2 and result.skipped == []
    assert sorted(Invitation.objects.values_list("email", "language", "role")) == [
        ("jan@example.org", "pl", "coordinator"), ("olena@example.org", "uk", "member")]
    assert sorted(message.to[0] for message in mailoutbox) == ["jan@example.org", "olena@example.org"]
    ukrainian = next(message for message in mailoutbox if message.to == ["olena@example.org"])
    assert "Budowa Sp. z o.o." in ukrainian.subject and "/uk/organisations/invitations/" in ukrainian.body
    entry = AuditEntry.objects.get(action="organisation.roster_imported")
    assert entry.data == {"count": 2, "file": "lista.csv"}
    with pytest.raises(RosterFileError) as again:
        confirm_import(roster_import=checked, actor=coordinator)
    assert again.value.code == "already_imported"
    assert Invitation.objects.count() == 2


def test_a_row_the_roster_took_since_the_preview_is_skipped_and_reported(organisation, coordinator):
    checked = read(organisation, coordinator, GOOD)
    invite(organisation=organisation, actor=coordinator, email="olena@example.org", name="Olena Kowalenko",
           language="uk")

    result = confirm_import(roster_import=checked, actor=coordinator)

    assert result.imported == 1 and [row["line"] for row in result.skipped] == [2]
    assert Invitation.objects.filter(email="olena@example.org").count() == 1


def test_the_coordinator_checks_a_file_sees_the_row_error_and_imports_the_rest(client, organisation, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    upload = SimpleUploadedFile("lista.csv", (GOOD + "Zły Wiersz;zly;pl;\n").encode())
    response = client.post(reverse("roster_upload", args=[organisation.pk]), {"file": upload})
    preview_url = response["Location"]

    page = client.get(preview_url).content.decode()
    assert "„zly” nie jest poprawnym adresem e-mail." in page
    assert "Zaimportuj 2 osoby i wyślij zaproszenia" in page
    assert not Invitation.objects.exists()

    response = client.post(preview_url, follow=True)
    assert "Wysłano 2 zaproszenia." in response.content.decode()
    assert Invitation.objects.count() == 2


def test_an_unreadable_upload_is_a_field_error(client, organisation, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    upload = SimpleUploadedFile("lista.csv", "imię;e-mail;język\nŻaneta;z@example.org;pl\n".encode("cp1250"))

    response = client.post(reverse("roster_upload", args=[organisation.pk]), {"file": upload})

    assert response.status_code == 400
    assert "Plik nie jest zapisany w kodowaniu UTF-8" in response.content.decode()
    assert not RosterImport.objects.exists()
