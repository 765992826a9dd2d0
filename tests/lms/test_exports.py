"""CSV exports of the admin listings: what people typed cannot run as a spreadsheet formula, and Polish letters
survive the spreadsheet program opening the file."""

import csv
import io
from datetime import date

import pytest

from certificates.models import Certificate
from events.models import Attendance, Registration
from events.services.registration import register
from lms import audit
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_records(make_event, administrator):
    """A registration, its attendance, a certificate and an audit entry, each with text that starts a formula."""
    event = make_event("Webinar")
    person = ProfileFactory(user__first_name="=Jan", user__last_name="+Kowalski").user
    registration = register(event=event, participant=person, access_needs_details="@SUM(A1)",
                            answers={"x": {"question": "-Rola", "answer": "2+3"}})
    Attendance.objects.create(registration=registration, percent_present=50, minutes_present=60,
                              correction_reason="\t=1+1")
    Certificate.objects.create(number="I3/2026/000001", holder=person, holder_name="=Jan +Kowalski", event=event,
                               title="@Webinar", first_day=date(2026, 5, 1), last_day=date(2026, 5, 1), hours=2,
                               language="pl", payload="-", state=Certificate.State.REVOKED,
                               revocation_category=Certificate.RevocationCategory.OTHER, revocation_reason="\r=cmd")
    audit.record(actor=administrator, action="registration.cancelled", target=registration,
                 data={"reason": "=1+1"})
    return registration


def csv_rows(client, url: str) -> tuple[bytes, list[list[str]]]:
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return content, list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("listing", ["registrations", "attendance", "certificates", "audit-log"])
def test_no_cell_of_a_csv_export_starts_a_formula(client, administrator, hostile_records, listing):
    client.force_login(administrator)

    _content, (headings, *rows) = csv_rows(client, f"/admin/{listing}/")

    cells = [cell for row in rows for cell in row]
    # What OWASP lists as the start of a formula (CSV injection).
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_text_people_typed_is_kept_after_the_quote(client, administrator, hostile_records):
    client.force_login(administrator)

    _content, (headings, row) = csv_rows(client, "/admin/registrations/")

    assert "'=Jan +Kowalski" in row and "'@SUM(A1)" in row and "'-Rola: 2+3" in row


def test_a_csv_export_starts_with_a_byte_order_mark(client, administrator, hostile_records):
    """Without it, spreadsheet programs read the UTF-8 file in the system's code page and garble Polish letters."""
    client.force_login(administrator)

    content, (headings, _row) = csv_rows(client, "/admin/registrations/")

    assert content.startswith("\ufeff".encode())
    assert headings[0] == "Uczestnik" and "Potrzeby w zakresie dostępności" in headings


def test_numbers_are_left_as_numbers(client, administrator, hostile_records):
    Attendance.objects.update(minutes_present=0, percent_present=0)
    client.force_login(administrator)

    _content, (headings, row) = csv_rows(client, "/admin/attendance/")

    assert "0" in row and "'0" not in row


def test_xlsx_export_is_unchanged(client, administrator, hostile_records):
    from openpyxl import load_workbook

    client.force_login(administrator)

    response = client.get("/admin/registrations/", {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for cell in list(sheet.iter_rows())[1]]
    assert "=Jan +Kowalski" in values and Registration.objects.count() == 1
