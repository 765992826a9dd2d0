from django_tasks import task

from participants import services


@task()
def anonymise_old_registrations() -> int:
    return services.anonymise_old_registrations()
