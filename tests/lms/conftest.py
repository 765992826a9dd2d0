from tests.events.conftest import event_index, location, make_event  # noqa: F401
