"""The participant's calendar feed (made on first view of their space, reset when its address got out), the erasure
of their account, and the retention of what they told for old events."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment
from events.models import Attendance, Registration
from events.services.registration import cancel
from lms import audit
from lms.models import AuditEntry, OutgoingMail, Profile, User
from lms.services import profile_get_or_create
from participants.exceptions import ErasureRefused
from participants.models import CalendarFeed, new_feed_token
from participants.selectors import mails_to, registrations_cancelled_by_erasure
from participants.signals import account_erased


def calendar_feed_for(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_calendar_feed(*, user: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on. Audited (without either token)."""
    with transaction.atomic():
        feed = calendar_feed_for(user)
        feed.token, feed.reset_at = new_feed_token(), timezone.now()
        feed.save(update_fields=["token", "reset_at"])
        audit.record(actor=user, action="calendar_feed.reset", target=feed)
    return feed


# An address under the reserved top-level domain .invalid (RFC 2606) can never receive mail; the account's id keeps it
# unique, so the person's old address is free to sign up again.
ERASED_EMAIL_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class Erasure:
    """What the person is told once their account is gone."""

    cancelled_events: list[str]  # titles of the upcoming events whose registrations were cancelled first
    certificates: int  # issued certificates that stay verifiable, with the name as printed


def _audit_names_anew(records: Iterable[models.Model]) -> None:
    """Audit entries about the person's records named them (a registration reads "Name – Event"): they now name the
    anonymised record. Who did what, and when, stays."""
    for record in records:
        entries = AuditEntry.objects.filter(target_type=record._meta.label_lower, target_id=str(record.pk))
        entries.update(target_repr=str(record)[:255])
        # The access needs asked for before and after a change (health data, as the registration's own are).
        entries.filter(action="registration.access_needs_changed").update(data={})


def _erase_mails_to(email: str, *, placeholder: str) -> int:
    """Mails addressed to the person keep their subject and dates (what the office sent, and when) but lose the
    address, the text and the attachments (tickets and calendar files name them); one not yet sent never will be."""
    mails = mails_to(email)
    for mail in mails:
        mail.to = [placeholder if address.lower() == email.lower() else address for address in mail.to]
        mail.body_text = mail.body_html = ""
        mail.attachments = []
        if mail.state != OutgoingMail.State.SENT:
            mail.state, mail.next_attempt_at, mail.last_error = OutgoingMail.State.GIVEN_UP, None, ""
        mail.save(update_fields=["to", "body_text", "body_html", "attachments", "state", "next_attempt_at",
                                 "last_error", "updated_at"])
    return len(mails)


def is_office_account(user: User) -> bool:
    """Staff, administrators and everyone the admin lets in (Event staff, Editors, Moderators): the audit log names
    them as the authors of what they did, so their accounts are not erased by their holders."""
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def erase_account(*, user: User, now: datetime | None = None) -> Erasure:
    """The person deletes their account (GDPR art. 17), in one transaction.

    First their registrations for events still to come are cancelled through the registration service, so each seat
    goes to the waiting list as usual. Then what names or describes them is erased: name, e-mail (a unique
    placeholder), answers, access needs, profile details that are theirs (department; a town other than their
    school's), calendar feed, sign-in methods, and the mails addressed to them. The account can no longer sign in.

    Kept, so that every figure of the programme report stays the same: the registrations, attendance and certificate
    rows, and what the report groups and lists them by: audience and language (a category, not a person), and the
    employer's NIP and name or the school and its town, which name the organisation that sent them, not the person
    (a sole trader's firm is the exception the office must weigh: its NIP and name identify its owner).
    Issued certificates keep the holder's name as printed: the public verification shows it, and the certificate
    is the office's record of a training given; the office can revoke one on request."""
    if is_office_account(user):
        raise ErasureRefused("staff")
    now = now or timezone.now()
    with transaction.atomic():
        cancelled_events = []
        for registration in registrations_cancelled_by_erasure(user=user, now=now):
            cancel(registration=registration, actor=user, now=now)
            cancelled_events.append(registration.event.title)

        placeholder, former_email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}", user.email
        mails = _erase_mails_to(user.email, placeholder=placeholder)
        Registration.objects.filter(participant=user).update(answers={}, access_needs=[], access_needs_details="")
        profile = profile_get_or_create(user=user)
        profile.department = ""
        if profile.audience != Profile.Audience.EDUCATOR:  # an educator's town is where their school is
            profile.town = ""
        profile.save(update_fields=["department", "town", "updated_at"])
        CalendarFeed.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.first_name = user.last_name = ""
        user.email = placeholder
        user.username = f"erased-{user.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
        account_erased.send(sender=User, user=user, email=former_email)

        _audit_names_anew([user, profile, *Registration.objects.filter(participant=user).select_related("event"),
                           *Attendance.objects.filter(registration__participant=user).select_related(
                               "registration__event"),
                           *Enrolment.objects.filter(participant=user).select_related("course")])
        certificates = Certificate.objects.filter(holder=user, state=Certificate.State.VALID,
                                                  superseded_by__isnull=True).count()
        audit.record(actor=user, action="account.erased", target=user,
                     data={"cancelled_registrations": len(cancelled_events), "mails_erased": mails,
                           "certificates_kept": certificates})
    return Erasure(cancelled_events=cancelled_events, certificates=certificates)


def _months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    days_in_month = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, days_in_month))


def anonymise_old_registrations(*, now: datetime | None = None) -> int:
    """Answers, access needs and their details of registrations for events that ended more than
    PERSONAL_DATA_RETENTION_MONTHS ago are emptied; the registrations stay (the reports count them). Returns how many
    changed: a second run finds none and writes no audit entry."""
    now = now or timezone.now()
    ended_before = _months_before(now, settings.PERSONAL_DATA_RETENTION_MONTHS)
    told_something = ~Q(answers={}) | ~Q(access_needs=[]) | ~Q(access_needs_details="")
    with transaction.atomic():
        old = Registration.objects.filter(told_something, event__end__lt=ended_before)
        changed = old.update(answers={}, access_needs=[], access_needs_details="")
        if changed:
            audit.record(actor=None, action="retention.registrations_anonymised", target=None,
                         data={"count": changed, "months": settings.PERSONAL_DATA_RETENTION_MONTHS,
                               "ended_before": timezone.localtime(ended_before).date().isoformat()})
    return changed
