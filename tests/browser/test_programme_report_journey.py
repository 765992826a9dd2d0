"""Event staff, with the admin in Polish, open the programme report from the admin's Reports menu, choose the first
quarter of 2026, see both charts with their tables, and download the XLSX, which holds the figures the page shows.
A reversed period is a field error. axe checks the report page."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.reports.conftest import in_group, programme  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_see_the_quarter_in_charts_and_tables_and_download_the_same_figures(
    live_server, programme, in_group, signed_in_page, assert_accessible  # noqa: F811
):
    staff = in_group("Event staff")
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "pl"})
    tab = signed_in_page(staff)
    tab.goto(f"{live_server.url}/admin/")
    tab.get_by_role("button", name="Raporty").click()
    tab.get_by_role("link", name="Raport z realizacji programu").click()

    tab.get_by_label("Od dnia").fill("2026-03-31")
    tab.get_by_label("Do dnia").fill("2026-01-01")
    tab.get_by_role("button", name="Pokaż raport").click()
    expect(tab.get_by_text("Ostatni dzień nie może być wcześniejszy niż pierwszy.")).to_be_visible()

    tab.get_by_label("Od dnia").fill("2026-01-01")
    tab.get_by_label("Do dnia").fill("2026-03-31")
    tab.get_by_role("button", name="Pokaż raport").click()

    months_chart = tab.get_by_role("img", name=re.compile("^Zapisy i obecności według miesięcy"))
    audience_chart = tab.get_by_role("img", name=re.compile("^Osoby według grup odbiorców"))
    expect(months_chart).to_be_visible()
    expect(audience_chart).to_be_visible()
    months_table = tab.get_by_role("table", name="Zapisy i obecności według miesięcy")
    expect(months_table.locator("tbody tr")).to_have_count(3)
    expect(months_table.locator("tbody tr").nth(1)).to_contain_text("5")
    expect(tab.get_by_role("table", name="Osoby według grup odbiorców").get_by_role("row", name=re.compile(
        "^Pracodawcy"))).to_contain_text("3")
    people_row = tab.get_by_role("row", name=re.compile(r"^Osoby objęte wsparciem"))
    people_on_page = int(people_row.get_by_role("cell").inner_text())
    assert people_on_page == 3
    assert_accessible(tab, "programme report")

    with tab.expect_download() as download:
        tab.get_by_role("link", name="Pobierz XLSX").click()
    with open(download.value.path(), "rb") as downloaded:  # Playwright's file has no extension for openpyxl to read
        workbook = load_workbook(downloaded)

    summary = {row[0]: row[1] for row in workbook["Podsumowanie"].iter_rows(min_row=2, values_only=True)}
    assert summary["Osoby objęte wsparciem (każda liczona raz)"] == people_on_page
    assert summary["Uczestnictwa (obecności)"] == 5
    assert download.value.suggested_filename == "programme-report-20260101-20260331.xlsx"
