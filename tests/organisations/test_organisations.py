"""Organisations: applying and approval, the coordinator's roster, invitations that work once for the invited
address, and isolation: a coordinator of one organisation gets 404 for anything of another."""

import pytest
from django.urls import reverse

from lms.models import AuditEntry
from organisations.models import Invitation, Membership, Organisation, RosterImport
from organisations.roster import read_roster
from organisations.services import OrganisationError, invite, remove_member
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_an_employer_applies_with_a_valid_nip_and_waits_for_staff(client, participant):
    client.force_login(participant)
    url = reverse("my_organisations")

    refused = client.post(url, {"kind": "employer", "name": "Firma", "nip": "123-456-32-19"})
    assert refused.status_code == 400
    assert "Ten NIP jest nieprawidłowy" in refused.content.decode()
    assert not Organisation.objects.exists()

    client.post(url, {"kind": "employer", "name": "Firma", "nip": "123-456-32-18"})
    organisation = Organisation.objects.get()
    assert (organisation.state, organisation.nip) == ("pending", "1234563218")
    assert "Oczekuje na zatwierdzenie" in client.get(url).content.decode()
    assert client.get(reverse("organisation_roster", args=[organisation.pk])).status_code == 404


def test_a_school_needs_its_rspo_number_and_a_second_registration_of_a_nip_is_refused(client, participant,
                                                                                    organisation):
    client.force_login(participant)
    url = reverse("my_organisations")

    school = client.post(url, {"kind": "school", "name": "Szkoła", "rspo": ""})
    same_nip = client.post(url, {"kind": "employer", "name": "Inna firma", "nip": "1234563218"})

    assert "Szkołę identyfikuje numer RSPO." in school.content.decode()
    assert "Organizacja o tym numerze NIP jest już zarejestrowana." in same_nip.content.decode()
    assert Organisation.objects.count() == 1


def test_staff_approve_the_organisation_and_its_coordinator_on_the_review_page(client, participant, administrator):
    client.force_login(participant)
    client.post(reverse("my_organisations"), {"kind": "office", "name": "Urząd Gminy"})
    organisation = Organisation.objects.get()
    client.force_login(administrator)

    client.post(reverse("organisation_review", args=[organisation.pk]), {"action": "approve"})

    organisation.refresh_from_db()
    assert organisation.state == "approved" and organisation.decided_by == administrator
    assert Membership.objects.get(organisation=organisation).approved_at is not None
    assert AuditEntry.objects.filter(action="organisation.approved", actor=administrator).exists()
    client.force_login(participant)
    assert client.get(reverse("organisation_roster", args=[organisation.pk])).status_code == 200


def test_a_coordinator_gets_404_for_anything_of_another_organisation(client, organisation, other_organisation,
                                                                    coordinator):
    other_member = ProfileFactory().user
    membership = Membership.objects.create(organisation=other_organisation, user=other_member)
    invitation = invite(organisation=other_organisation, actor=other_member, email="x@example.org", name="X Y",
                        language="pl")
    checked = read_roster(organisation=other_organisation, actor=other_member, file_name="a.csv",
                          data=b"name,email,language\nJan Nowak,jan@example.org,pl\n")
    client.force_login(coordinator)
    other = other_organisation.pk

    assert client.get(reverse("organisation_roster", args=[other])).status_code == 404
    assert client.post(reverse("organisation_roster", args=[other]),
                       {"name": "A B", "email": "a@example.org", "language": "pl", "role": "member"}).status_code == 404
    assert client.get(reverse("roster_upload", args=[other])).status_code == 404
    assert client.get(reverse("roster_preview", args=[other, checked.pk])).status_code == 404
    assert client.post(reverse("roster_preview", args=[other, checked.pk])).status_code == 404
    assert client.post(reverse("organisation_member_remove", args=[other, membership.pk])).status_code == 404
    assert client.post(reverse("organisation_invitation_withdraw", args=[other, invitation.pk])).status_code == 404
    # Nor through their own organisation's address with the other's ids.
    own = organisation.pk
    assert client.get(reverse("roster_preview", args=[own, checked.pk])).status_code == 404
    assert client.post(reverse("organisation_member_remove", args=[own, membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert RosterImport.objects.get(pk=checked.pk).confirmed_at is None
    assert Invitation.objects.get(pk=invitation.pk).withdrawn_at is None


def test_an_invitation_works_once_and_only_for_the_invited_address(client, organisation, coordinator,
                                                                  django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(organisation=organisation, actor=coordinator, email="Olena@Example.org",
                            name="Olena Kowalenko", language="uk")
    url = reverse("organisation_invitation", args=[invitation.token])
    assert url.replace("/pl/", "/uk/") in mailoutbox[0].body
    someone_else = ProfileFactory(user__email="inna@example.org").user
    olena = ProfileFactory(user__email="olena@example.org").user

    client.force_login(someone_else)
    wrong = client.post(url)
    assert wrong.status_code == 403
    assert "To zaproszenie wysłano na inny adres e-mail." in wrong.content.decode()
    assert not Membership.objects.filter(user=someone_else).exists()

    client.force_login(olena)
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user=olena).organisation == organisation
    again = client.post(url)
    assert again.status_code == 409
    assert "To zaproszenie zostało już przyjęte." in again.content.decode()
    assert Membership.objects.filter(user=olena).count() == 1


def test_the_coordinator_invites_removes_and_cannot_invite_twice(client, organisation, coordinator):
    client.force_login(coordinator)
    url = reverse("organisation_roster", args=[organisation.pk])
    data = {"name": "Olena Kowalenko", "email": "olena@example.org", "language": "uk", "role": "member"}

    assert client.post(url, data).status_code == 302
    twice = client.post(url, data)
    bad = client.post(url, {**data, "email": "olena"})

    assert twice.status_code == 400 and "Ten adres został już zaproszony" in twice.content.decode()
    assert bad.status_code == 400
    assert Invitation.objects.count() == 1
    member = Membership.objects.create(organisation=organisation, user=ProfileFactory().user)
    client.post(reverse("organisation_member_remove", args=[organisation.pk, member.pk]))
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_the_only_approved_coordinator_cannot_be_removed(organisation, coordinator):
    membership = Membership.objects.get(user=coordinator)

    with pytest.raises(OrganisationError) as refused:
        remove_member(membership=membership, actor=coordinator)

    assert refused.value.code == "last_coordinator"
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_person_who_erases_their_account_leaves_every_roster_and_their_invitations_lose_name_and_address(
        organisation, other_organisation, coordinator):
    from participants.services import erase_account

    olena = ProfileFactory(user__email="olena@example.org", user__first_name="Olena").user
    Membership.objects.create(organisation=organisation, user=olena)
    invite(organisation=other_organisation, actor=coordinator, email="Olena@example.org", name="Olena Kowalenko",
           language="uk")

    erase_account(user=olena)

    assert not Membership.objects.filter(user=olena).exists()
    assert list(Invitation.objects.values_list("name", "email")) == [("", f"erased-{olena.pk}@erased.invalid")]
    assert Membership.objects.filter(user=coordinator).exists()


def test_the_review_page_names_the_organisation_in_its_title_and_shows_coordinators_and_quotas(
        client, organisation, coordinator, administrator):
    import re

    client.force_login(administrator)

    page = client.get(reverse("organisation_review", args=[organisation.pk])).content.decode()

    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]
    assert title.strip().startswith("Budowa Sp. z o.o.") and "<" not in title
    assert coordinator.email in page
    assert page.count("Limity miejsc") == 2  # the heading and the table's caption


def test_my_account_leads_to_my_organisations(client, participant):
    client.force_login(participant)

    page = client.get(reverse("my_account")).content.decode()

    assert f'<a href="{reverse("my_organisations")}">Moje organizacje</a>' in page
