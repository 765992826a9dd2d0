from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone
from django.utils.text import slugify

from courses.models import CourseIndexPage, CoursePage
from events.models import EventIndexPage, EventPage, Location


@pytest.fixture
def event_index(home_pages) -> EventIndexPage:
    return home_pages["pl"].add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia", show_in_menus=True))


@pytest.fixture
def location(db) -> Location:
    return Location.objects.create(
        name="Urząd Wojewódzki", street="ul. Długa 1", postal_code="00-001", city="Warszawa",
        accessibility_notes="Wejście bez progów od dziedzińca.",
    )


@pytest.fixture
def make_event(event_index, location):
    """Publishes an event page under the index; a webinar in a week by default."""

    def make(title: str = "Webinar dla pracodawców", *, parent=None, **fields) -> EventPage:
        start = fields.pop("start", timezone.now().replace(microsecond=0) + timedelta(days=7))
        values = {
            "kind": EventPage.Kind.WEBINAR, "format": EventPage.Format.ONLINE, "start": start,
            "end": start + timedelta(hours=2), "capacity": 10, "summary": f"{title} – opis", **fields,
        }
        if values["format"] == EventPage.Format.IN_PERSON:
            values.setdefault("location", location)
        slug = values.pop("slug", None) or f"{slugify(title) or 'event'}-{uuid4().hex[:6]}"
        page = (parent or event_index).add_child(instance=EventPage(title=title, slug=slug, **values))
        page.save_revision().publish()
        return EventPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def event(make_event) -> EventPage:
    return make_event()


@pytest.fixture
def course_index(home_pages) -> CourseIndexPage:
    return home_pages["pl"].add_child(instance=CourseIndexPage(title="Kursy", slug="kursy"))


@pytest.fixture
def course(course_index) -> CoursePage:
    page = course_index.add_child(instance=CoursePage(title="Kurs podstawowy", slug="kurs", summary="Dwa spotkania."))
    page.save_revision().publish()
    return CoursePage.objects.get(pk=page.pk)
