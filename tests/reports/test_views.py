"""The report in the admin: who may open it, the form's refusals, the charts and tables, and the exports (the XLSX
read back with openpyxl and compared with the selector's figures)."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from reports.selectors import event_report_filters, programme_report
from tests.reports.conftest import FIRST_QUARTER

pytestmark = pytest.mark.django_db

QUARTER = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture
def staff(in_group):
    user = in_group("Event staff")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "pl"})
    return user


@pytest.mark.parametrize("group", ["Event staff", "Moderators"])
def test_event_staff_and_moderators_see_the_report_in_the_menu_and_open_it(client, in_group, group):
    client.force_login(in_group(group))

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("programme_report"))

    assert reverse("programme_report") in home
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["participant", "editor"])
def test_others_are_refused(client, in_group, participant, who):
    user = participant if who == "participant" else in_group("Editors")
    client.force_login(user)

    for url in (reverse("programme_report"), f"{reverse('programme_report')}?{'start=2026-01-01&end=2026-03-31'}"
                                             "&export=xlsx"):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert b"PK" not in response.content[:2]
    if who == "editor":
        assert reverse("programme_report") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_page_shows_the_figures_charts_and_their_tables(client, staff, programme):
    client.force_login(staff)

    page = client.get(reverse("programme_report"), QUARTER).content.decode()

    assert "Osoby objęte wsparciem (każda liczona raz)</th><td>3</td>" in page
    assert "Uczestnictwa (obecności)</th><td>5</td>" in page
    assert page.count('role="img"') == 2
    assert 'aria-labelledby="months-chart-title months-chart-desc"' in page
    assert '<th scope="row">Pracodawcy</th><td>1</td><td>3</td>' in page  # the audience chart's table
    assert "Firma A" in page and "SP 1" in page
    charts = re.findall(r'<svg class="report-chart".*?</svg>', page, flags=re.S)
    assert len(charts) == 2 and not any("https:" in chart or "<script" in chart for chart in charts)


@pytest.mark.parametrize(("query", "field", "error"), [
    ({"start": "2026-03-01", "end": "2026-01-01"}, "end", "Ostatni dzień nie może być wcześniejszy niż pierwszy."),
    ({"start": "", "end": ""}, "start", "To pole jest wymagane."),
    ({**QUARTER, "kind": "seminar"}, "kind",
     "Wybierz poprawną wartość. seminar nie jest żadną z dostępnych opcji."),
    ({**QUARTER, "audience": "martians"}, "audience", "Wybierz poprawną wartość."),
    ({"start": "2026-13-01", "end": "2026-03-31"}, "start", "Wpisz poprawną datę."),
])
def test_bad_filters_are_field_errors(client, staff, query, field, error):
    client.force_login(staff)

    response = client.get(reverse("programme_report"), query)

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert error.split(".")[0] in response.content.decode()
    assert "figures" not in response.context
    export = client.get(reverse("programme_report"), {**query, "export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/html")


def test_an_unknown_export_format_is_refused_with_a_reason(client, staff):
    client.force_login(staff)

    response = client.get(reverse("programme_report"), {**QUARTER, "export": "pdf"})

    assert response.status_code == 400
    assert "Nieznany format eksportu" in response.content.decode()


def test_the_xlsx_holds_the_period_the_filters_and_one_sheet_per_breakdown(client, staff, programme):
    client.force_login(staff)
    figures = programme_report(filters=FIRST_QUARTER)

    response = client.get(reverse("programme_report"), {**QUARTER, "kind": "", "export": "xlsx"})

    assert response["Content-Disposition"] == 'attachment; filename="programme-report-20260101-20260331.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Okres i filtry", "Podsumowanie", "Według miesięcy", "Grupy odbiorców", "Języki",
                                   "Rodzaje wydarzeń", "Pracodawcy", "Szkoły", "Organizacje"]
    settings_sheet = {row[0]: row[1] for row in workbook["Okres i filtry"].iter_rows(min_row=2, values_only=True)}
    assert settings_sheet["Od dnia"] == "2026-01-01" and settings_sheet["Do dnia"] == "2026-03-31"
    assert settings_sheet["Rodzaj wydarzenia"] == "Dowolny"
    summary = [row[1] for row in workbook["Podsumowanie"].iter_rows(min_row=2, values_only=True)]
    assert summary == [figures.people, figures.participations, figures.events_held, figures.training_hours,
                       figures.person_hours, figures.registrations, figures.attendance_rate, figures.no_shows,
                       figures.waiting_list_demand, figures.cancellations, figures.certificates_issued,
                       figures.certificates_revoked, figures.consultations_held]
    audience = list(workbook["Grupy odbiorców"].iter_rows(min_row=2, values_only=True))
    assert audience == [("Pracownicy oświaty", 1, 1), ("Pracodawcy", 1, 3), ("Inne osoby", 1, 1)]
    assert [row[1:] for row in audience] == [(row.people, row.participations) for row in figures.by_audience]
    employers = list(workbook["Pracodawcy"].iter_rows(min_row=2, values_only=True))
    assert employers == [("1234563218", "Firma A", 1, 3)]


def test_a_name_that_looks_like_a_formula_stays_text(client, staff, programme):
    from lms.models import Profile

    Profile.objects.filter(user=programme["anna"]).update(company_name="=HYPERLINK(\"http://x\")")
    client.force_login(staff)

    xlsx = load_workbook(io.BytesIO(client.get(reverse("programme_report"), {**QUARTER, "export": "xlsx"}).content))
    text = client.get(reverse("programme_report"), {**QUARTER, "export": "csv"}).content.decode("utf-8-sig")

    cell = xlsx["Pracodawcy"]["B2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"http://x\")", "s")
    assert "'=HYPERLINK" in text


def test_the_csv_holds_every_section_under_its_title(client, staff, programme):
    client.force_login(staff)

    response = client.get(reverse("programme_report"), {**QUARTER, "export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [rows[0][0]] + [rows[index + 1][0] for index, row in enumerate(rows[:-1]) if row == []]
    assert titles == ["Okres i filtry", "Podsumowanie", "Zapisy i obecności według miesięcy",
                      "Osoby według grup odbiorców", "Osoby według języka", "Według rodzaju wydarzenia",
                      "Pracodawcy, którzy skierowali osoby", "Szkoły, które skierowały osoby",
                      "Rejestracje dokonane przez koordynatorów organizacji"]
    assert ["Osoby objęte wsparciem (każda liczona raz)", "3"] in rows


def test_the_event_report_is_linked_from_the_events_admin_pages_and_shows_its_figures(client, staff, programme):
    webinar = programme["webinar"]
    client.force_login(staff)
    url = reverse("event_report", args=[webinar.pk])

    pages = [f"{reverse('registrations:index')}?event={webinar.pk}",
             f"{reverse('attendance:index')}?event={webinar.pk}", reverse("certificates_for", args=["event", webinar.pk])]
    page = client.get(url).content.decode()
    xlsx = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))

    assert [url in client.get(admin_page).content.decode() for admin_page in pages] == [True, True, True]
    assert "Webinar lutowy" in page and "Osoby objęte wsparciem (każda liczona raz)</th><td>2</td>" in page
    figures = programme_report(filters=event_report_filters(webinar), event=webinar)
    assert [row[1] for row in xlsx["Podsumowanie"].iter_rows(min_row=2, max_row=3, values_only=True)] == [
        figures.people, figures.participations]


def test_the_event_report_of_a_translation_leads_to_its_polish_event(client, staff, programme):
    from wagtail.models import Locale

    webinar = programme["webinar"]
    translation = webinar.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    client.force_login(staff)

    response = client.get(reverse("event_report", args=[translation.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("event_report", args=[webinar.pk])


def test_the_event_report_is_refused_to_an_editor(client, in_group, programme):
    client.force_login(in_group("Editors"))

    response = client.get(reverse("event_report", args=[programme["webinar"].pk]))

    assert response.status_code in (302, 403)
