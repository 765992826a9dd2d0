"""Random input against the registration, profile and callback endpoints: never a server error, and bad input
writes nothing it should not.

How many inputs and whether they are random comes from the Hypothesis profile (tests/conftest.py): a fixed set in
`make test`, random exploration in `make fuzz`. Inputs that once failed stay here as @example."""

import json
from datetime import timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from django.conf import settings
from django.utils import timezone

from events.models import AnalyticsReport, Attendance, EventPage, Registration
from events.models.pages import Audience
from tests.conftest import STANDIN_SECRET
from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401

pytestmark = pytest.mark.django_db

text = st.text(max_size=40)
form_values = st.one_of(text, st.lists(text, max_size=3))
form_data = st.dictionaries(
    st.sampled_from(["first_name", "last_name", "language", "audience", "company_name", "nip", "school", "town",
                     "department", "access_needs", "access_needs_details", "next", "question_x", "csrfmiddlewaretoken"]),
    form_values, max_size=8,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3), max_leaves=12,
)


@given(data=form_data)
def test_profile_form(client, participant, data):
    client.force_login(participant)

    response = client.post("/en/profile/", data)

    assert response.status_code < 500


@given(data=form_data)
def test_registration_form(client, make_event, participant, data):  # noqa: F811
    client.force_login(participant)
    event = make_event(questions=[("choice", {"label": "Rola", "help_text": "", "choices": ["A", "B"], "required": True})])

    response = client.post(f"/pl/events/{event.pk}/register/", data)

    assert response.status_code < 500
    if response.status_code != 302:
        assert not Registration.objects.filter(event=event).exists()


@given(body=st.one_of(json_values.map(json.dumps), st.binary(max_size=200)),
       authorization=st.sampled_from(["", "Bearer x", "Basic abc", None]))
def test_analytics_callback(client, settings_override, body, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}

    response = client.post("/bbb/callbacks/analytics/", data=body, content_type="application/json", **headers)

    assert 400 <= response.status_code < 500
    assert not AnalyticsReport.objects.exists() and not Attendance.objects.exists()


@given(body=json_values)
@example(body=float("nan"))  # Python's json writes and reads NaN and Infinity; JSON has neither
@example(body=float("inf"))
@example(body={"meeting_id": "m-1", "internal_meeting_id": "i-1", "data": {"duration": float("nan"), "attendees": []}})
@example(body={"meeting_id": "m-1", "internal_meeting_id": "i-1", "data": {"attendees": [], "x": float("-inf")}})
def test_analytics_callback_with_a_valid_token_but_random_body(client, settings_override, bearer, body):
    response = client.post("/bbb/callbacks/analytics/", data=json.dumps(body), content_type="application/json",
                           HTTP_AUTHORIZATION=bearer)

    assert 400 <= response.status_code < 500
    assert not AnalyticsReport.objects.exists()


@given(params=st.dictionaries(st.sampled_from(["meetingID", "sig", "recordingmarks"]), text, max_size=3))
def test_end_callback(client, params):
    assert 400 <= client.get("/bbb/callbacks/end/", params).status_code < 500


@given(data=st.dictionaries(st.sampled_from(["signed_parameters", "x"]), text, max_size=2))
def test_recording_ready_callback(client, settings_override, data):
    assert 400 <= client.post("/bbb/callbacks/recording-ready/", data).status_code < 500


@given(data=st.dictionaries(st.sampled_from(["language", "next"]), text, max_size=2))
@example(data={"language": "uk", "next": "0"})  # read as a URL name by redirect(): NoReverseMatch, a 500
def test_language_switch(client, home_pages, data):
    assert client.post("/i18n/language/", data).status_code < 500


@pytest.fixture
def settings_override(settings):
    settings.BBB_SECRET = STANDIN_SECRET


@pytest.fixture
def bearer():
    from datetime import datetime, timedelta, timezone

    import jwt

    token = jwt.encode({"exp": datetime.now(timezone.utc) + timedelta(hours=1)}, STANDIN_SECRET, algorithm="HS512")
    return f"Bearer {token}"


TOO_WIDE_ID = "9" * 20  # wider than any integer column


@pytest.mark.parametrize("url", [
    f"/pl/events/{TOO_WIDE_ID}/register/",
    f"/admin/events/{TOO_WIDE_ID}/check-in/",
    f"/admin/registrations/action/{TOO_WIDE_ID}/cancel/",
    f"/admin/attendance/correct/{TOO_WIDE_ID}/",
    f"/admin/certificates/for/event/{TOO_WIDE_ID}/",
    f"/admin/certificates/{TOO_WIDE_ID}/revoke/",
])
def test_an_id_too_wide_for_the_database_is_not_found(client, administrator, home_pages, url):
    client.force_login(administrator)

    assert client.post(url, follow=True).status_code == 404


@pytest.mark.parametrize("listing", ["registrations", "attendance", "certificates"])
@pytest.mark.parametrize("event", ["²", "١٢", TOO_WIDE_ID, "-1", "1.5"])
def test_admin_listings_ignore_an_unusable_event_filter(client, administrator, listing, event):
    client.force_login(administrator)

    assert client.get(f"/admin/{listing}/", {"event": event}, follow=True).status_code == 200


# Values the listings' filter forms offer, next to anything else; a key may also come more than once.
listing_choices = st.sampled_from([*Audience.values, *EventPage.Kind.values, *EventPage.Format.values,
                                   *dict(settings.LANGUAGES), "2026-05-01", "1", "2", "0", "-1", "last", TOO_WIDE_ID])
listing_values = st.one_of(text, listing_choices, st.lists(st.one_of(text, listing_choices), max_size=2))
listing_params = st.dictionaries(
    st.sampled_from(["q", "audience", "kind", "format", "language", "date_from", "date_to", "page"]),
    listing_values, max_size=5,
)


@pytest.fixture
def listed(make_event, course):  # noqa: F811
    """Something for each listing to show: an upcoming event, a past one and a course."""
    make_event("Składki pracownika", audience=Audience.EMPLOYERS)
    make_event("Dzień otwarty", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON,
               start=timezone.now() - timedelta(days=3))


@pytest.mark.parametrize("url", ["/pl/wydarzenia/", "/pl/wydarzenia/archive/", "/pl/kursy/"])
@given(params=listing_params)
@example(params={"q": '"'})  # an unterminated FTS5 string on SQLite: a 500
def test_listings(client, listed, url, params):
    assert client.get(url, params).status_code == 200
