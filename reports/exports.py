"""The report as files: an XLSX workbook (a sheet stating the period and filters, then one sheet per section) and
one CSV file holding the same sections one after another, each under a row with its title.

Names of employers and schools are typed by the people who sign up: no cell may become a formula (XLSX cells are
stored as text with their type set; CSV cells get a ' before a formula's first character)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from lms.admin_listings import inert_csv_cell
from reports.labels import filter_lines
from reports.selectors import ProgrammeFigures
from reports.tables import Section, report_sections

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters_section(figures: ProgrammeFigures, title: str) -> Section:
    return Section("filters", _("Period and filters"), _("Period and filters"), [_("Setting"), _("Value")],
                   [[_("Report"), title], *[[label, value] for label, value in filter_lines(figures.filters)]])


def report_tables(figures: ProgrammeFigures, *, title: str) -> list[Section]:
    return [_filters_section(figures, title), *report_sections(figures)]


def report_xlsx(figures: ProgrammeFigures, *, title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in report_tables(figures, title=title):
        sheet = workbook.create_sheet(section.sheet)
        sheet.append(section.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # openpyxl would read "=…" as a formula
        sheet.column_dimensions["A"].width = max([len(str(row[0] or "")) for row in section.rows] + [12]) + 2
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def report_csv(figures: ProgrammeFigures, *, title: str) -> str:
    """Sections one after another: a row with the section's title, its column headings, its rows, an empty row.
    Starts with a byte order mark, without which spreadsheet programs misread Polish letters."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    for section in report_tables(figures, title=title):
        writer.writerow([section.title])
        writer.writerow(section.columns)
        writer.writerows([[inert_csv_cell(cell) for cell in row] for row in section.rows])
        writer.writerow([])
    return output.getvalue()
