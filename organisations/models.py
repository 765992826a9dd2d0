"""Employers, schools and public offices that send people to trainings, their coordinators and member rosters."""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.validators import normalise_nip, validate_nip


def validate_rspo(value: str) -> None:
    """The number of a school in the official register of schools (Rejestr Szkół i Placówek Oświatowych)."""
    if not re.fullmatch(r"[1-9][0-9]{0,6}", value or ""):
        raise ValidationError(_("An RSPO number has 1 to 7 digits, as the register of schools gives it."),
                              code="rspo_format")


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        SCHOOL = "school", _("School")
        OFFICE = "office", _("Public office")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip],
                           help_text=_("Employers: the tax identification number, 10 digits."))
    rspo = models.CharField(_("RSPO number"), max_length=7, blank=True, validators=[validate_rspo],
                            help_text=_("Schools: the number in the register of schools and institutions (RSPO)."))
    town = models.CharField(_("town"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"], condition=~Q(nip=""), name="organisation_unique_nip",
                violation_error_message=_("An organisation with this NIP is already registered.")),
            models.UniqueConstraint(
                fields=["rspo"], condition=~Q(rspo=""), name="organisation_unique_rspo",
                violation_error_message=_("A school with this RSPO number is already registered.")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.nip = normalise_nip(self.nip)
        if self.kind == self.Kind.EMPLOYER and not self.nip:
            raise ValidationError({"nip": _("An employer is identified by its NIP.")})
        if self.kind == self.Kind.SCHOOL and not self.rspo:
            raise ValidationError({"rspo": _("A school is identified by its RSPO number.")})

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person in an organisation's roster. A coordinator acts for the organisation once staff approved them."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    approved_at = models.DateTimeField(_("coordinator approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_person")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"

    @property
    def is_acting_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR and self.approved_at is not None and self.organisation.is_approved


class Invitation(models.Model):
    """An e-mail asking someone to join the roster; the link works once, for the account with that address."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))  # stored in lower case: one invitation per address
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("preferred language"), max_length=5, choices=settings.LANGUAGES)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(
            fields=["organisation", "email"], condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
            name="one_open_invitation_per_address")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None


class RosterImport(models.Model):
    """A checked CSV file waiting for the coordinator's confirmation: its rows as read, with their errors."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roster_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=list)  # [{"line", "name", "email", "language", "role", "errors": [...]}]
    confirmed_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")


class SeatQuota(models.Model):
    """How many of an event's seats one organisation may take; set by staff. Without one, only capacity limits."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="seat_quotas")
    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="+")
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        constraints = [models.UniqueConstraint(fields=["organisation", "event"], name="one_quota_per_event")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.seats}"


class MemberRegistration(models.Model):
    """A registration a coordinator made for a member: counted against the organisation's quota, shown to its
    coordinators, and answered by the member (accepted, or declined, which cancels it)."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for the person's answer")
        ACCEPTED = "accepted", _("Accepted by the person")
        DECLINED = "declined", _("Declined by the person")

    registration = models.OneToOneField("events.Registration", on_delete=models.CASCADE,
                                        related_name="member_registration")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="member_registrations")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)

    class Meta:
        verbose_name = _("registration by an organisation")
        verbose_name_plural = _("registrations by organisations")

    def __str__(self) -> str:
        return str(self.registration)
