"""What visitors, advisors and staff see of consultations. A visitor sees slots as free, taken, blocked or past,
never who booked them; an advisor sees the visitors of their own slots."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from wagtail.models import Locale

from consultations.models import Advisor, Booking, ConsultationSlot
from events.models import EventPage, Registration
from lms.models import User


@dataclass(frozen=True)
class SlotRow:
    slot: ConsultationSlot
    advisor: Advisor
    state: str  # "free", "taken", "blocked", "past"

    @property
    def bookable(self) -> bool:
        return self.state == "free"


def confirmed_registration(*, event: EventPage, visitor: User) -> Registration | None:
    if not visitor.is_authenticated:
        return None
    return Registration.objects.filter(event=event, participant=visitor, state=Registration.State.CONFIRMED).first()


def booking_of(*, event: EventPage, visitor: User) -> Booking | None:
    """The visitor's own consultation at the Open Day, if any."""
    return (Booking.objects.select_related("slot__advisor__user")
            .filter(event=event, visitor=visitor, state=Booking.State.BOOKED).first())


def slots_for_visitors(*, event: EventPage, topic: str = "", language: str = "",
                       now: datetime | None = None) -> list[SlotRow]:
    """The Open Day's slots, soonest first, of advisors who cover ``topic`` and speak ``language`` (either empty:
    any). Topics and languages are short lists on the advisor, filtered here (an Open Day has tens of slots)."""
    now = now or timezone.now()
    slots = (ConsultationSlot.objects.filter(advisor__event=event).select_related("advisor__user")
             .annotate(taken=Exists(Booking.objects.filter(slot=OuterRef("pk"), state=Booking.State.BOOKED)))
             .order_by("start", "advisor__user__last_name", "pk"))
    rows = []
    for slot in slots:
        advisor = slot.advisor
        if (topic and topic not in advisor.topics) or (language and language not in advisor.languages):
            continue
        state = "blocked" if slot.blocked else "taken" if slot.taken else "past" if slot.start <= now else "free"
        rows.append(SlotRow(slot=slot, advisor=advisor, state=state))
    return rows


def advisors_at(*, event: EventPage) -> list[Advisor]:
    return list(Advisor.objects.filter(event=event).select_related("user")
                .order_by("user__last_name", "user__first_name"))


def is_consultation_staff(user: User) -> bool:
    """Event staff arrange consultations and see every advisor's agenda."""
    return user.has_perm("events.change_registration")


def may_see_agenda(*, user: User, advisor: Advisor) -> bool:
    return user.is_authenticated and (advisor.user_id == user.pk or is_consultation_staff(user))


def agenda(*, advisor: Advisor) -> list[ConsultationSlot]:
    """The advisor's slots of the day with their booking (``booking`` is None when free)."""
    booked = Booking.objects.filter(state=Booking.State.BOOKED).select_related("visitor__profile", "registration")
    slots = list(advisor.slots.prefetch_related(Prefetch("bookings", queryset=booked, to_attr="active_bookings")))
    for slot in slots:
        slot.booking = slot.active_bookings[0] if slot.active_bookings else None
    return slots


def open_days_with_consultations(*, now: datetime | None = None) -> list[EventPage]:
    """Open Days not yet over, soonest first, for staff to arrange advisors and slots."""
    now = now or timezone.now()
    return list(EventPage.objects.filter(kind=EventPage.Kind.OPEN_DAY, end__gt=now, locale=Locale.get_default())
                .order_by("start"))
