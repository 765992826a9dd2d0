from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from wagtail.models import Locale

from courses.models import CoursePage, Enrolment
from events.selectors import with_seats_left
from lms.i18n import matching_in_any_language, translations_by_key
from lms.models import User

COURSES_PER_PAGE = 12


def course_listing(*, locale: Locale, filters: dict, page_number: str | int | None) -> PaginatorPage:
    """Courses in the visitor's language with the date of their next session."""
    now = timezone.now()
    courses = CoursePage.objects.live().filter(locale=Locale.get_default())
    if filters.get("audience"):
        courses = courses.filter(audience=filters["audience"])
    if filters.get("language"):
        courses = courses.filter(course_language=filters["language"])
    if filters.get("q"):
        courses = matching_in_any_language(courses, filters["q"])
    own_sessions = Q(sessions__live=True, sessions__locale=F("locale"))
    courses = courses.annotate(
        next_session=Min("sessions__start", filter=own_sessions & Q(sessions__end__gt=now)),
        session_count=Count("sessions", filter=own_sessions, distinct=True),
    ).order_by("next_session", "title")
    page = Paginator(courses, COURSES_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    translations = {}
    if locale.pk != Locale.get_default().pk:
        keys = [course.translation_key for course in page.object_list]
        translations = translations_by_key(CoursePage, locale=locale, keys=keys)
    for course in page.object_list:
        course.display = translations.get(course.translation_key, course)
    return page


def course_detail_for(*, course: CoursePage, viewer: User) -> dict:
    canonical = course.canonical
    sessions = list(with_seats_left(canonical.canonical_sessions()).select_related("location").order_by("start"))
    enrolment = None
    if viewer.is_authenticated:
        enrolment = Enrolment.objects.filter(course=canonical, participant=viewer, state=Enrolment.State.ACTIVE).first()
    now = timezone.now()
    return {
        "sessions": sessions,
        "enrolment": enrolment,
        "enrolment_open": any(session.registration_is_open(now) for session in sessions),
    }
