"""Everything the platform holds about one person, for their own copy (GDPR art. 15 and 20), and what erasing their
account would cancel."""

from datetime import datetime

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from certificates.documents import verification_url
from certificates.models import Certificate
from courses.models import Enrolment
from events.models import Attendance, Registration
from lms.models import AuditEntry, OutgoingMail, User
from lms.services import profile_get_or_create
from participants.models import CalendarFeed


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def mails_to(email: str) -> list[OutgoingMail]:
    # The recipients are a JSON list; compared as text first (one query on SQLite and PostgreSQL), then exactly.
    candidates = (OutgoingMail.objects.annotate(to_text=Cast("to", TextField()))
                  .filter(to_text__icontains=email).order_by("created_at", "pk"))
    return [mail for mail in candidates if email.lower() in (address.lower() for address in mail.to)]


def personal_data(user: User) -> dict:
    """The person's account, profile and consents, registrations with answers, access needs and attendance, course
    enrolments, certificates, the e-mails sent to them and what they did themselves, as plain JSON values."""
    profile = profile_get_or_create(user=user)
    registrations = Registration.objects.filter(participant=user).select_related("event").order_by("created_at", "pk")
    attendance = {row.registration_id: row for row in Attendance.objects.filter(registration__in=registrations)}
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "exported_at": _when(timezone.now()),
        "account": {"email": user.email, "first_name": user.first_name, "last_name": user.last_name,
                    "joined": _when(user.date_joined), "last_sign_in": _when(user.last_login)},
        "profile": {"audience": profile.audience, "language": profile.language, "company_name": profile.company_name,
                    "nip": profile.nip, "school": profile.school, "town": profile.town,
                    "department": profile.department, "completed": _when(profile.completed_at)},
        "consents": {"privacy_notice_accepted": _when(profile.privacy_consent_at)},
        "registrations": [{
            "event": registration.event.title, "starts": _when(registration.event.start), "state": registration.state,
            "registered": _when(registration.created_at), "confirmed": _when(registration.confirmed_at),
            "cancelled": _when(registration.cancelled_at),
            "answers": {item["question"]: item["answer"] for item in registration.answers.values()},
            "access_needs": registration.access_need_labels(), "access_needs_details": registration.access_needs_details,
            "attendance": ({"minutes": attendance[registration.pk].minutes_present,
                            "percent": attendance[registration.pk].percent_present,
                            "source": attendance[registration.pk].source}
                           if registration.pk in attendance else None),
        } for registration in registrations],
        "course_enrolments": [{"course": enrolment.course.title, "state": enrolment.state,
                               "enrolled": _when(enrolment.created_at), "withdrawn": _when(enrolment.cancelled_at)}
                              for enrolment in Enrolment.objects.filter(participant=user).select_related("course")],
        "certificates": [{"number": certificate.number, "name_printed": certificate.holder_name,
                          "training": certificate.title, "hours": str(certificate.hours),
                          "issued": _when(certificate.issued_at), "status": certificate.status,
                          "verification": verification_url(certificate)}
                         for certificate in Certificate.objects.filter(holder=user).order_by("issued_at", "pk")],
        "emails_sent_to_you": [{"subject": mail.subject, "queued": _when(mail.created_at), "sent": _when(mail.sent_at),
                                "state": mail.state, "text": mail.body_text} for mail in mails_to(user.email)],
        "calendar_feed": {"created": _when(feed.created_at)} if feed else None,
        "your_actions": [{"when": _when(entry.created_at), "action": entry.action, "about": entry.target_repr}
                         for entry in AuditEntry.objects.filter(actor=user).order_by("created_at", "pk")],
    }


def registrations_cancelled_by_erasure(*, user: User, now: datetime) -> QuerySet[Registration]:
    """Places held or awaited at events that have not started: erasing the account gives them up first."""
    return (Registration.objects.filter(participant=user, state__in=Registration.ACTIVE_STATES, event__start__gt=now)
            .select_related("event").order_by("event__start", "pk"))
