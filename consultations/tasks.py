from django_tasks import task

from consultations import services
from consultations.models import Booking
from consultations.notifications import send_booking_message as compose_booking_message


@task()
def send_booking_message(*, booking_id: int, message: str) -> int:
    booking = Booking.objects.select_related("slot__advisor__user", "event", "visitor").get(pk=booking_id)
    return compose_booking_message(booking=booking, message=message).pk


@task()
def send_due_reminders() -> int:
    return services.send_due_reminders()
