"""A roster as a CSV file: read and checked row by row for a preview, imported only when the coordinator confirms,
then every valid row at once. The queries do not grow with the rows: the roster's addresses are read once, the
invitations written with one bulk insert, their mails sent by one task."""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from lms import audit
from lms.exceptions import ExplainedError
from lms.models import User
from lms.validators import validate_personal_name
from organisations.models import Invitation, Organisation, Role, RosterImport
from organisations.services import existing_addresses, send_invitations_later

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# The columns by the names a coordinator's spreadsheet may give them (English or Polish, any case).
COLUMNS = {
    "name": {"name", "full name", "imię i nazwisko", "imie i nazwisko", "nazwisko"},
    "email": {"email", "e-mail", "e-mail address", "adres e-mail", "mail"},
    "language": {"language", "preferred language", "język", "jezyk"},
    "role": {"role", "rola"},
}
ROLES = {"": Role.MEMBER, "member": Role.MEMBER, "członek": Role.MEMBER, "uczestnik": Role.MEMBER,
         "coordinator": Role.COORDINATOR, "koordynator": Role.COORDINATOR}


class RosterFileError(ExplainedError):
    MESSAGES = {
        "empty": _("The file is empty."),
        "too_big": _("The file is larger than 2 MB. Split it into smaller files."),
        "encoding": _(
            "The file is not in UTF-8 encoding. In Excel choose “Save as” and the type “CSV UTF-8 (comma "
            "delimited)”; in LibreOffice choose the character set “Unicode (UTF-8)”."),
        "missing_columns": _(
            "The first row must name the columns: name, e-mail, language and role (role may be left out)."),
        "too_many_rows": _("The file has more than 5,000 rows. Split it into smaller files."),
        "no_rows": _("The file has column names but no people under them."),
        "already_imported": _("This file has already been imported."),
    }


@dataclass
class ImportResult:
    imported: int
    skipped: list[dict]  # rows that were valid in the preview but conflict with the roster as it is now


def _decode(data: bytes) -> str:
    if not data.strip():
        raise RosterFileError("empty")
    if len(data) > MAX_BYTES:
        raise RosterFileError("too_big")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError("encoding") from None


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        for column, names in COLUMNS.items():
            if title.strip().lower() in names and column not in found:
                found[column] = index
    if not {"name", "email", "language"} <= found.keys():
        raise RosterFileError("missing_columns")
    return found


def _check_row(values: dict[str, str], *, members: set[str], invited: set[str], seen: dict[str, int]) -> list[str]:
    errors = []
    try:
        validate_personal_name(values["name"])
    except ValidationError as error:
        errors.extend(error.messages)
    try:
        validate_email(values["email"])
    except ValidationError:
        errors.append(gettext("“%(email)s” is not a valid e-mail address.") % {"email": values["email"]})
    else:
        if values["email"] in members:
            errors.append(gettext("This person is already in the roster."))
        elif values["email"] in invited:
            errors.append(gettext("This address has already been invited."))
        elif values["email"] in seen:
            errors.append(gettext("The same address is in row %(line)s.") % {"line": seen[values["email"]]})
    if values["language"] not in dict(settings.LANGUAGES):
        errors.append(gettext("Unknown language “%(language)s”: write pl, en, uk or ru.")
                      % {"language": values["language"]})
    if values["role"] not in ROLES:
        errors.append(gettext("Unknown role “%(role)s”: write member or coordinator.") % {"role": values["role"]})
    return errors


def read_roster(*, organisation: Organisation, actor: User, data: bytes, file_name: str) -> RosterImport:
    """The file's rows checked against each other and the roster, kept for the preview; nothing is imported.
    A file that cannot be read at all raises ``RosterFileError`` and keeps nothing."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = list(csv.reader(io.StringIO(text), dialect))
    columns = _columns(lines[0])
    body = [(number, line) for number, line in enumerate(lines[1:], start=2) if any(cell.strip() for cell in line)]
    if not body:
        raise RosterFileError("no_rows")
    if len(body) > MAX_ROWS:
        raise RosterFileError("too_many_rows")
    members, invited = existing_addresses(organisation)
    seen: dict[str, int] = {}
    rows = []
    for number, line in body:
        values = {column: (line[index].strip() if index < len(line) else "") for column, index in columns.items()}
        values.setdefault("role", "")
        values["email"], values["language"], values["role"] = (
            values["email"].lower(), values["language"].lower(), values["role"].lower())
        errors = _check_row(values, members=members, invited=invited, seen=seen)
        seen.setdefault(values["email"], number)
        rows.append({"line": number, **values, "errors": errors})
    return RosterImport.objects.create(organisation=organisation, created_by=actor, file_name=file_name[:255],
                                       rows=rows)


def confirm_import(*, roster_import: RosterImport, actor: User) -> ImportResult:
    """Every row without errors becomes an invitation, in one transaction; rows that the roster took meanwhile
    (another import, an invitation by hand) are skipped and reported. Confirming twice imports nothing twice."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=roster_import.organisation_id)
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.confirmed_at is not None:
            raise RosterFileError("already_imported")
        members, invited = existing_addresses(locked.organisation)
        valid = [row for row in locked.rows if not row["errors"]]
        taken = members | invited
        skipped = [row for row in valid if row["email"] in taken]
        invitations = Invitation.objects.bulk_create([
            Invitation(organisation_id=locked.organisation_id, email=row["email"], name=row["name"],
                       language=row["language"], role=ROLES[row["role"]], invited_by=actor)
            for row in valid if row["email"] not in taken
        ])
        locked.confirmed_at, locked.imported_count = timezone.now(), len(invitations)
        locked.save(update_fields=["confirmed_at", "imported_count"])
        audit.record(actor=actor, action="organisation.roster_imported", target=locked.organisation,
                     data={"count": len(invitations), "file": locked.file_name})
        # bulk_create gives primary keys back on PostgreSQL and SQLite 3.35+, both of which we support.
        send_invitations_later([invitation.pk for invitation in invitations])
    return ImportResult(imported=len(invitations), skipped=skipped)
