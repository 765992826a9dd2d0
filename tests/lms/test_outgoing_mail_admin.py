"""Staff see outgoing e-mail in the admin (state, attempts, last error, recipient, subject; filter by state) and
send a failed or given-up one again, once however often they click."""

import pytest
from django.utils import timezone

from lms.models import AuditEntry, OutgoingMail

pytestmark = pytest.mark.django_db


def stored(subject: str, state: str, **fields) -> OutgoingMail:
    return OutgoingMail.objects.create(from_email="lms@example.org", to=["ola@example.org"], subject=subject,
                                       body_text="Treść", state=state, **fields)


def test_an_administrator_sees_outgoing_mail_with_its_state_and_last_error_and_filters_by_state(client, administrator):
    stored("Potwierdzenie rejestracji", OutgoingMail.State.SENT, attempts=1, sent_at=timezone.now())
    given_up = stored("Przypomnienie", OutgoingMail.State.GIVEN_UP, attempts=17, last_error="421 Service not available")
    client.force_login(administrator)

    everything = client.get("/admin/outgoing-mail/").content.decode()
    only_given_up = client.get("/admin/outgoing-mail/", {"state": "given_up"}).content.decode()
    details = client.get(f"/admin/outgoing-mail/inspect/{given_up.pk}/").content.decode()

    assert "Potwierdzenie rejestracji" in everything and "Przypomnienie" in everything
    assert "ola@example.org" in everything
    assert "Przypomnienie" in only_given_up and "Potwierdzenie rejestracji" not in only_given_up
    assert "421 Service not available" in details and "17" in details
    assert f"/admin/outgoing-mail/{given_up.pk}/send-again/" in everything


def test_sending_a_given_up_mail_again_twice_sends_it_once(client, administrator, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    given_up = stored("Przypomnienie", OutgoingMail.State.GIVEN_UP, attempts=17)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/admin/outgoing-mail/{given_up.pk}/send-again/")
    second = client.post(f"/admin/outgoing-mail/{given_up.pk}/send-again/")

    assert first.status_code == 302
    assert second.status_code == 409
    assert [message.subject for message in mailoutbox] == ["Przypomnienie"]
    assert OutgoingMail.objects.get(pk=given_up.pk).state == OutgoingMail.State.SENT
    assert AuditEntry.objects.filter(action="mail.sent_again").count() == 1


def test_a_sent_mail_offers_nothing_to_send_again(client, administrator, mailoutbox):
    sent = stored("Potwierdzenie", OutgoingMail.State.SENT, attempts=1)
    client.force_login(administrator)

    page = client.get(f"/admin/outgoing-mail/{sent.pk}/send-again/").content.decode()
    response = client.post(f"/admin/outgoing-mail/{sent.pk}/send-again/")

    assert "<form method=\"post\">" not in page
    assert response.status_code == 409 and mailoutbox == []
