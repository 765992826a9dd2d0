"""Tickets of in-person events: a short code that names a registration and carries the site's signature, so the
door recognises a forged or mistyped code before it looks anything up.

A code is 16 characters in four groups, e.g. ``K3MQ-8ZDW-1TR5-0009``: an HMAC of the registration's id (6 bytes,
48 bits: guessing a valid code takes about 10^14 tries) keyed from SECRET_KEY and the id (4 bytes), in
Crockford's base32, which leaves out I, L, O and U so that nothing typed from paper is ambiguous; case, spaces
and hyphens do not matter, and O, I and L are read as 0, 1 and 1. The code is computed, never stored: it is the
same on the page, in every e-mail and in the PDF, and keys in SECRET_KEY_FALLBACKS still verify it after a key
rotation. Whether the ticket is still good (confirmed, not cancelled) is the registration's state, read from the
database after the signature passed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from lms.codes import ALPHABET, grouped, is_code, normalise
from lms.exceptions import ExplainedError

if TYPE_CHECKING:
    from events.models import Registration

_ID_BYTES = 4
_MAC_BYTES = 6
_LENGTH = (_ID_BYTES + _MAC_BYTES) * 8 // 5  # 16 characters
_SALT = "events.tickets"


class TicketRefused(ExplainedError):
    """A ticket code that admits no one; ``message`` says why, for the staff at the door."""

    MESSAGES = {
        "malformed": _("This is not a ticket code: a ticket code has 16 letters and digits."),
        "forged": _("This ticket code is not genuine: it was mistyped or forged."),
        "unknown": _("This ticket belongs to a registration that no longer exists."),
        "cancelled": _("This ticket was cancelled: the registration was cancelled."),
        "not_confirmed": _("This ticket is not valid: the registration is on the waiting list."),
    }


def _mac(registration_id: bytes, secret: str) -> bytes:
    return salted_hmac(_SALT, registration_id, secret=secret, algorithm="sha256").digest()[:_MAC_BYTES]


def _encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    return grouped("".join(ALPHABET[(number >> shift) & 31] for shift in range(_LENGTH * 5 - 5, -1, -5)))


def code_for(registration_id: int) -> str:
    if not 0 < registration_id < 2 ** (_ID_BYTES * 8):
        raise ValueError(f"A ticket cannot carry the registration id {registration_id}.")
    identifier = registration_id.to_bytes(_ID_BYTES, "big")
    # The signature first: codes then differ from their first characters, where the ids of one site do not.
    return _encode(_mac(identifier, settings.SECRET_KEY) + identifier)


def ticket_code(registration: Registration) -> str:
    """The registration's ticket code, grouped for reading and typing."""
    return code_for(registration.pk)


def looks_like_a_code(typed: str) -> bool:
    """Whether a search at the door was meant as a ticket code rather than a name (16 characters of the
    alphabet once spaces and hyphens are gone)."""
    return is_code(typed, _LENGTH)


def read_ticket(typed: str) -> int:
    """The registration id a ticket code names, once its signature is checked; no database query. Raises
    ``TicketRefused`` ("malformed", "forged")."""
    if not looks_like_a_code(typed):
        raise TicketRefused("malformed")
    number = 0
    for character in normalise(typed):
        number = number * 32 + ALPHABET.index(character)
    data = number.to_bytes(_ID_BYTES + _MAC_BYTES, "big")
    mac, identifier = data[:_MAC_BYTES], data[_MAC_BYTES:]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(constant_time_compare(mac, _mac(identifier, secret)) for secret in secrets):
        raise TicketRefused("forged")
    return int.from_bytes(identifier, "big")


def has_ticket(registration: Registration) -> bool:
    """Only a confirmed place at an in-person event has a ticket; cancelling ends it."""
    from events.models import EventPage, Registration

    return (registration.state == Registration.State.CONFIRMED
            and registration.event.format == EventPage.Format.IN_PERSON)


def registration_for_ticket(typed: str) -> Registration:
    """The confirmed registration a ticket code admits (of any event: the caller compares it with its own).
    Raises ``TicketRefused`` for a malformed or forged code before any query, and for a registration that was
    cancelled, is waiting, or is gone."""
    from events.models import Registration

    registration_id = read_ticket(typed)
    registration = (Registration.objects.select_related("event", "participant")
                    .filter(pk=registration_id).first())
    if registration is None:
        raise TicketRefused("unknown")
    if registration.state == Registration.State.CANCELLED:
        raise TicketRefused("cancelled")
    if registration.state != Registration.State.CONFIRMED:
        raise TicketRefused("not_confirmed")
    return registration
