from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401
