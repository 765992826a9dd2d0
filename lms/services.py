"""Writes to accounts and profiles. The actor is always an argument, never read from a request."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lms import audit
from lms.models import Profile, User


def profile_get_or_create(*, user: User) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def profile_record_signup(*, user: User, language: str, privacy_consent: bool) -> Profile:
    """Called when an account is created: remembers the sign-up language and the consent with its time."""
    with transaction.atomic():
        profile = profile_get_or_create(user=user)
        profile.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if privacy_consent:
            profile.privacy_consent_at = timezone.now()
        profile.clean_fields()
        profile.save()
        audit.record(actor=user, action="profile.created", target=profile, data={"privacy_consent": privacy_consent})
    return profile


def profile_fill_for_office_staff(*, user: User, actor: User, department: str) -> Profile:
    """An account an administrator creates in the admin belongs to someone of the office: their profile says so
    (audience "staff", the name from the admin form), so the public profile step does not stop them before an
    event page. A profile the person already completed is left as it is."""
    with transaction.atomic():
        profile = profile_get_or_create(user=user)
        if profile.is_complete:
            return profile
        profile.audience = Profile.Audience.STAFF
        profile.department = department[: Profile._meta.get_field("department").max_length]
        profile.completed_at = timezone.now()
        profile.full_clean()
        profile.save()
        audit.record(actor=actor, action="profile.filled_for_office_staff", target=profile,
                     data={"audience": profile.audience, "department": profile.department})
    return profile


def profile_update(*, profile: Profile, actor: User, data: dict[str, Any]) -> Profile:
    """Save a validated profile form's data; fields that belong to other audiences are cleared (data minimisation)."""
    user_fields = {"first_name", "last_name"}
    # The form has already put the new values on ``profile``; the stored row says what they were.
    stored = Profile.objects.select_related("user").filter(pk=profile.pk).first()

    def stored_value(field: str) -> Any:
        return getattr(stored.user if field in user_fields else stored, field) if stored else None

    with transaction.atomic():
        user = profile.user
        for field in user_fields & data.keys():
            setattr(user, field, data[field])
        user.save(update_fields=list(user_fields & data.keys()) or None)
        for field, value in data.items():
            if field not in user_fields:
                setattr(profile, field, value)
        kept = set(Profile.AUDIENCE_FIELDS.get(profile.audience, ()))
        for field in Profile.ALL_AUDIENCE_FIELDS:
            if field not in kept:
                setattr(profile, field, "")
        if profile.completed_at is None:
            profile.completed_at = timezone.now()
        profile.full_clean()
        profile.save()
        changed = sorted(field for field in {*data.keys(), *Profile.ALL_AUDIENCE_FIELDS}
                         if stored_value(field) != getattr(user if field in user_fields else profile, field))
        if changed:  # the log says what changed; a save that changed nothing is not an event
            audit.record(actor=actor, action="profile.updated", target=profile, data={"fields": changed})
    return profile


def profile_set_language(*, profile: Profile, language: str) -> Profile:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language: {language!r}")
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language", "updated_at"])
    return profile
