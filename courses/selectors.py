from datetime import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Locale

from courses.models import CoursePage, Enrolment
from events.exceptions import RegistrationError
from events.selectors import meant_for_others, profile_refusal, registration_refusal, with_seats_left
from lms.i18n import matching_in_any_language, translations_by_key
from lms.models import User
from lms.page_privacy import listed_for

COURSES_PER_PAGE = 12


def course_listing(*, locale: Locale, filters: dict, page_number: str | int | None,
                   request: HttpRequest) -> PaginatorPage:
    """Courses in the visitor's language with the date of their next session; those this request may not open
    (view restrictions of the Polish version) are left out."""
    now = timezone.now()
    courses = listed_for(request, CoursePage.objects.live().filter(locale=Locale.get_default()))
    if filters.get("audience"):
        courses = courses.filter(audience=filters["audience"])
    if filters.get("language"):
        courses = courses.filter(course_language=filters["language"])
    own_sessions = Q(sessions__live=True, sessions__locale=F("locale"))
    courses = courses.annotate(
        next_session=Min("sessions__start", filter=own_sessions & Q(sessions__end__gt=now)),
        session_count=Count("sessions", filter=own_sessions, distinct=True),
    ).order_by("next_session", "title")
    if filters.get("q"):
        courses = matching_in_any_language(courses, filters["q"], first_in=locale)
    page = Paginator(courses, COURSES_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    translations = {}
    if locale.pk != Locale.get_default().pk:
        keys = [course.translation_key for course in page.object_list]
        translations = translations_by_key(CoursePage, locale=locale, keys=keys)
    for course in page.object_list:
        course.display = translations.get(course.translation_key, course)
    return page


def enrolment_refusal(*, course: CoursePage, user: User, now: datetime | None = None) -> RegistrationError | None:
    """Why ``user`` may not enrol in ``course``, or None. A course has no rule of its own: enrolling registers for
    each session open for registration, so each of those decides by its own (``registration_refusal``) and the
    first refusal is the answer, before any enrolment is written."""
    now = now or timezone.now()
    for session in course.canonical.canonical_sessions().select_related("locale").order_by("start"):
        refusal = registration_refusal(event=session, user=user) if session.registration_is_open(now) else None
        if refusal is not None:
            return refusal
    return profile_refusal(user)


def course_detail_for(*, course: CoursePage, viewer: User) -> dict:
    canonical = course.canonical
    sessions = list(with_seats_left(canonical.canonical_sessions()).select_related("location").order_by("start"))
    enrolment = None
    if viewer.is_authenticated:
        enrolment = Enrolment.objects.filter(course=canonical, participant=viewer, state=Enrolment.State.ACTIVE).first()
    now = timezone.now()
    refusal = None
    if viewer.is_authenticated and enrolment is None:
        refusal = enrolment_refusal(course=course, user=viewer, now=now)
    return {
        "sessions": sessions,
        "enrolment": enrolment,
        "enrolment_open": any(session.registration_is_open(now) for session in sessions),
        "enrolment_refusal": refusal,
        "meant_for_others": refusal is None and meant_for_others(audience=canonical.audience, viewer=viewer),
    }


def course_sessions_for_editor(*, course: CoursePage) -> list:
    """Every session of the course, drafts too, soonest first: the pages in the default language, which hold the
    facts (a translated course's editor sees the same list)."""
    from events.models import EventPage

    if course.pk is None:
        return []
    canonical = course.canonical
    return list(EventPage.objects.filter(course=canonical, locale=canonical.locale_id).order_by("start", "pk"))
