from django_tasks import task

from lms import mail


@task()
def send_outgoing_mail(*, mail_id: int) -> str:
    return mail.deliver(mail_id=mail_id)


@task()
def retry_failed_mail() -> int:
    return mail.retry_failed_mail()
