"""The audit log is readable in the admin, by those allowed to, and filterable by what was done."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from events.editorial import ensure_editorial_groups
from lms import audit
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(participant):
    staff = ProfileFactory(user__first_name="Ewa", user__last_name="Bramkowa", user__is_staff=True).user
    audit.record(actor=staff, action="certificate.revoked", target=participant.profile,
                 data={"reason": "Wydane omyłkowo"})
    audit.record(actor=staff, action="registration.cancelled", target=participant.profile,
                 data={"reason": "Zgłoszenie telefoniczne"})
    return AuditEntry.objects.all()


def test_an_administrator_reads_and_filters_the_audit_log(client, administrator, entries):
    client.force_login(administrator)

    everything = client.get("/admin/audit-log/").content.decode()
    revocations = client.get("/admin/audit-log/", {"action": "certificate."}).content.decode()
    entry = entries.get(action="certificate.revoked")
    details = client.get(f"/admin/audit-log/inspect/{entry.pk}/").content.decode()

    assert "certificate.revoked" in everything and "registration.cancelled" in everything
    assert "certificate.revoked" in revocations and "registration.cancelled" not in revocations
    assert "Wydane omyłkowo" in details


def test_event_staff_do_not_see_the_audit_log(client, entries):
    ensure_editorial_groups(apps)
    staff = ProfileFactory(user__is_staff=True).user
    staff.groups.add(Group.objects.get(name="Event staff"))
    client.force_login(staff)

    response = client.get("/admin/audit-log/")

    assert response.status_code in (302, 403)
    assert "Wydane omyłkowo" not in client.get("/admin/").content.decode()

