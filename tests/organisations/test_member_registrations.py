"""A coordinator registers members for an event: the organisation's seat quota and the event's capacity are never
exceeded, also in parallel; members accept or decline; the coordinator sees status, attendance and certificates of
their own organisation only, and downloads the certificates of members they registered."""

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment
from events.models import Attendance, Registration
from events.services.registration import register
from lms.models import AuditEntry
from organisations.models import MemberRegistration, Membership, SeatQuota
from organisations.registrations import answer, enrol_members, register_members
from organisations.services import set_seat_quota
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def members(organisation, count: int) -> list[Membership]:
    return [Membership.objects.create(organisation=organisation, user=ProfileFactory(
        user__first_name=f"Osoba{number}", user__last_name="Pracownicza").user) for number in range(count)]


def test_a_quota_of_four_registers_four_of_five_and_names_the_reason_for_the_fifth(
        make_event, organisation, coordinator, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(capacity=10)
    set_seat_quota(organisation=organisation, event=event, seats=4, actor=coordinator)
    five = members(organisation, 5)

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = register_members(organisation=organisation, event=event, memberships=five, actor=coordinator)

    assert [outcome.refusal for outcome in outcomes] == [""] * 4 + [
        "Limit miejsc organizacji na to wydarzenie został wykorzystany."]
    assert Registration.objects.filter(event=event, state="confirmed").count() == 4
    assert MemberRegistration.objects.filter(organisation=organisation).count() == 4
    asked = [message for message in mailoutbox if "/organisations/places/" in message.body]
    assert sorted(message.to[0] for message in asked) == sorted(membership.user.email for membership in five[:4])
    assert AuditEntry.objects.filter(action="organisation.member_registered", actor=coordinator).count() == 4


def test_capacity_still_decides_and_a_member_already_registered_is_named_so(make_event, organisation, coordinator):
    event = make_event(capacity=1, waiting_list=True)
    first, second, third = members(organisation, 3)
    register(event=event, participant=third.user)

    outcomes = register_members(organisation=organisation, event=event, memberships=[first, second, third],
                                actor=coordinator)

    assert [(outcome.registration.state if outcome.registration else None, outcome.refusal)
            for outcome in outcomes] == [("waiting", ""), ("waiting", ""),
                                         (None, "Ta osoba jest już zarejestrowana na to wydarzenie.")]


def test_a_member_of_another_organisation_is_refused(make_event, organisation, other_organisation, coordinator):
    (stranger,) = members(other_organisation, 1)

    (outcome,) = register_members(organisation=organisation, event=make_event(), memberships=[stranger],
                                  actor=coordinator)

    assert outcome.refusal == "Tej osoby nie ma na liście organizacji."
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_exceed_the_quota(make_event, organisation, coordinator):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    event = make_event(capacity=20)
    set_seat_quota(organisation=organisation, event=event, seats=3, actor=coordinator)
    people = members(organisation, 8)
    start_together = Barrier(len(people))

    def attempt(membership):
        start_together.wait()
        try:
            (outcome,) = register_members(organisation=organisation, event=event, memberships=[membership],
                                          actor=coordinator)
            return "registered" if outcome.registration else outcome.refusal
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        results = list(pool.map(attempt, people))

    assert results.count("registered") == 3
    assert MemberRegistration.objects.filter(organisation=organisation).count() == 3
    assert Registration.objects.filter(event=event).count() == 3


def test_a_member_declines_and_the_seat_goes_to_the_waiting_list(client, make_event, organisation, coordinator):
    event = make_event(capacity=1, waiting_list=True)
    member, waiting_person = members(organisation, 1)[0], ProfileFactory().user
    register_members(organisation=organisation, event=event, memberships=[member], actor=coordinator)
    waiting = register(event=event, participant=waiting_person)
    placed = MemberRegistration.objects.get()
    url = reverse("member_registration_answer", args=[placed.token])

    client.force_login(waiting_person)
    assert client.get(url).status_code == 404
    client.force_login(member.user)
    client.post(url, {"answer": "decline"})

    placed.refresh_from_db()
    waiting.refresh_from_db()
    assert placed.answer == "declined" and placed.registration.state == "cancelled"
    assert waiting.state == "confirmed"
    again = client.post(url, {"answer": "accept"}, follow=True)
    assert "Na to miejsce już odpowiedziano." in again.content.decode()
    assert MemberRegistration.objects.get().answer == "declined"


def test_accepting_keeps_the_place(make_event, organisation, coordinator):
    (member,) = members(organisation, 1)
    register_members(organisation=organisation, event=make_event(), memberships=[member], actor=coordinator)

    placed = answer(member_registration=MemberRegistration.objects.get(), user=member.user, accept=True)

    assert placed.answer == "accepted" and placed.registration.state == "confirmed"


def certificate_for(registration: Registration) -> Certificate:
    pdf = b"%PDF-1.7 stand-in"
    return Certificate.objects.create(
        number=f"I3/2026/{registration.pk:06d}", holder=registration.participant,
        holder_name=registration.participant.get_full_name(), event=registration.event,
        title=registration.event.title, first_day=registration.event.start.date(),
        last_day=registration.event.end.date(), hours=2, language="pl", payload="-",
        sha256=hashlib.sha256(pdf).hexdigest(), pdf=ContentFile(pdf, name="cert.pdf"))


def test_the_coordinator_sees_status_attendance_and_downloads_certificates_of_members_they_registered(
        client, make_event, organisation, other_organisation, coordinator):
    event = make_event()
    registered_by_us, registered_alone = members(organisation, 2)
    (outcome,) = register_members(organisation=organisation, event=event, memberships=[registered_by_us],
                                  actor=coordinator)
    Attendance.objects.create(registration=outcome.registration, minutes_present=95, source="polling")
    ours = certificate_for(outcome.registration)
    theirs = certificate_for(register(event=event, participant=registered_alone.user))
    client.force_login(coordinator)

    page = client.get(reverse("organisation_registrations", args=[organisation.pk])).content.decode()

    assert "Osoba0 Pracownicza" in page and "Osoba1" not in page
    assert "95 min" in page
    assert reverse("certificate_download", args=[ours.code]) in page
    assert client.get(reverse("certificate_download", args=[ours.code])).status_code == 200
    assert client.get(reverse("certificate_download", args=[theirs.code])).status_code == 404
    assert client.get(reverse("organisation_registrations", args=[other_organisation.pk])).status_code == 404
    Certificate.objects.filter(pk=ours.pk).update(state=Certificate.State.REVOKED, revocation_category="other")
    assert client.get(reverse("certificate_download", args=[ours.code])).status_code == 404


def test_the_coordinator_registers_people_on_the_page_and_sees_each_result(client, make_event, organisation,
                                                                          coordinator):
    event = make_event("Szkolenie dla pracodawców", capacity=10)
    SeatQuota.objects.create(organisation=organisation, event=event, seats=1)
    first, second = members(organisation, 2)
    client.force_login(coordinator)

    response = client.post(reverse("organisation_register", args=[organisation.pk]),
                           {"event": event.pk, "memberships": [first.pk, second.pk]})

    page = response.content.decode()
    assert "Wynik dla „Szkolenie dla pracodawców”" in page
    assert "<strong>Nie zarejestrowano:</strong> Limit miejsc organizacji na to wydarzenie został wykorzystany." in page
    assert Registration.objects.filter(event=event).count() == 1


def test_staff_set_a_quota_on_the_review_page(client, make_event, organisation, administrator):
    event = make_event()
    client.force_login(administrator)
    url = reverse("organisation_review", args=[organisation.pk])

    refused = client.post(url, {"action": "set_quota", "event": event.pk, "seats": -1})
    client.post(url, {"action": "set_quota", "event": event.pk, "seats": 4})

    assert refused.status_code == 400
    assert SeatQuota.objects.get().seats == 4
    assert AuditEntry.objects.get(action="organisation.quota_set").data == {"event": event.title, "seats": 4}


def test_members_are_enrolled_in_a_course_within_each_sessions_quota(make_event, course, organisation, coordinator):
    first_session = make_event("Spotkanie 1", course=course, capacity=10)
    second_session = make_event("Spotkanie 2", course=course, capacity=10,
                                start=first_session.start + timedelta(days=7))
    set_seat_quota(organisation=organisation, event=second_session, seats=1, actor=coordinator)
    first, second = members(organisation, 2)

    outcomes = enrol_members(organisation=organisation, course=course, memberships=[first, second], actor=coordinator)

    assert [(outcome.sessions, outcome.refusal) for outcome in outcomes] == [
        (2, ""), (0, "Limit miejsc organizacji na to wydarzenie został wykorzystany.")]
    assert sorted(MemberRegistration.objects.values_list("registration__event__title", flat=True)) == [
        "Spotkanie 1", "Spotkanie 2"]
    assert not Enrolment.objects.filter(participant=second.user).exists()
    assert not Registration.objects.filter(participant=second.user).exists()
    again = enrol_members(organisation=organisation, course=course, memberships=[first], actor=coordinator)
    assert again[0].refusal == "Ta osoba jest już zapisana na ten kurs."


def test_the_coordinator_downloads_the_course_certificate_of_a_member_they_enrolled(
        client, make_event, course, organisation, coordinator):
    make_event("Spotkanie 1", course=course, capacity=10)
    ours, alone = members(organisation, 2)
    enrol_members(organisation=organisation, course=course, memberships=[ours], actor=coordinator)
    pdf = b"%PDF-1.7 stand-in"

    def course_certificate(holder, number):
        return Certificate.objects.create(
            number=number, holder=holder, holder_name=holder.get_full_name(), course=course, title=course.title,
            first_day=timezone.localdate(), last_day=timezone.localdate(), hours=2, language="pl", payload="-",
            sha256=hashlib.sha256(pdf).hexdigest(), pdf=ContentFile(pdf, name="cert.pdf"))

    client.force_login(coordinator)

    assert client.get(reverse("certificate_download", args=[
        course_certificate(ours.user, "K/2026/000001").code])).status_code == 200
    assert client.get(reverse("certificate_download", args=[
        course_certificate(alone.user, "K/2026/000002").code])).status_code == 404


def test_the_form_takes_an_event_or_a_course_not_both(client, make_event, course, organisation, coordinator):
    event = make_event()
    (member,) = members(organisation, 1)
    client.force_login(coordinator)
    url = reverse("organisation_register", args=[organisation.pk])

    both = client.post(url, {"event": event.pk, "course": course.pk, "memberships": [member.pk]})
    neither = client.post(url, {"memberships": [member.pk]})

    assert both.status_code == neither.status_code == 400
    assert "Należy wybrać wydarzenie albo kurs." in both.content.decode()
    assert not Registration.objects.exists()
