from django_tasks import task

from lms import mail, outbox


@task()
def send_outgoing_mail(*, mail_id: int) -> str:
    return mail.deliver(mail_id=mail_id)


@task()
def retry_due_mail() -> int:
    return mail.retry_due_mail()


@task()
def hand_over_pending_tasks() -> int:
    return outbox.hand_over_pending()
