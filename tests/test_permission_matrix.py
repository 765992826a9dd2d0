"""Who may open what. Built from the URL configuration: every URL of our apps (and the admin views of our
models, and the routes of our pages) must have an entry below, so a new URL fails this test until someone
decides who may see it. For URLs that show personal data, each role is checked for the status it gets and
for whether one participant's data (their e-mail address) appears in the answer."""

import hashlib
from datetime import timedelta
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.models import PageViewRestriction

from certificates.models import Certificate
from consultations.services import add_slots, book
from courses.models import CoursePage
from events.editorial import ensure_editorial_groups
from events.models import Attendance, EventPage
from events.services.registration import register
from lms import audit
from lms.models import OutgoingMail
from organisations.services import apply_for_organisation
from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "other_participant", "presenter", "editor", "moderator", "staff", "superuser"]
SIGNED_IN = set(ROLES) - {"anonymous"}
OUR_MODULES = ("lms.", "events.", "courses.", "certificates.", "reports.", "participants.", "consultations.",
               "organisations.")
OUR_ADMIN_NAMESPACES = ("registrations", "attendance", "enrolments", "wagtailsnippets_events_location", "certificates",
                        "wagtailsnippets_certificates_certificatetemplate", "audit_log", "outgoing_mail", "organisations")


@dataclass
class Rule:
    path: str  # formatted with the fixture's ids: {registration}, {attendance}, {enrolment}
    ok_for: set[str] = field(default_factory=set)  # roles answered 200
    sees_participant: set[str] = field(default_factory=set)  # roles whose answer contains the participant's data
    method: str = "get"
    marker: str = "{last_name}"  # what in the answer would be the participant's data


STAFF_VIEW = {"moderator", "staff", "superuser"}
STAFF_CHANGE = {"staff", "superuser"}
CERTIFICATE_STAFF = {"staff", "superuser"}
PAGE_EDITORS = {"editor", "moderator", "superuser"}
NO_PERSONAL_DATA = "no personal data"

MATRIX: dict[str, Rule | str] = {
    ":profile": Rule("/en/profile/", ok_for=SIGNED_IN, sees_participant={"participant"}),
    ":my_registrations": Rule(
        "/en/my/registrations/", ok_for=SIGNED_IN, sees_participant={"participant"}, marker="{event_title}"
    ),
    ":ticket_download": "the holder's own ticket (a PDF) only; anyone else, and a cancelled place, 404 "
                        "(tests/events/test_ticket_documents.py)",
    # A coordinator's pages: 404 for anyone but the approved coordinators of that organisation, tested with the
    # coordinator of another organisation in tests/organisations/test_organisations.py.
    ":my_organisations": NO_PERSONAL_DATA + " of others (the signed-in person's own memberships only)",
    ":organisation_roster": "the roster: its approved coordinators only (tests/organisations/test_organisations.py)",
    ":organisation_member_remove": NO_PERSONAL_DATA + " (POST, coordinators of that organisation only)",
    ":organisation_invitation_withdraw": NO_PERSONAL_DATA + " (POST, coordinators of that organisation only)",
    ":roster_upload": NO_PERSONAL_DATA + " (coordinators of that organisation only)",
    ":roster_preview": "the rows of a file the coordinator uploaded: coordinators of that organisation only",
    ":organisation_register": "the roster's names: coordinators of that organisation only "
                              "(tests/organisations/test_member_registrations.py)",
    ":organisation_registrations": "members' registrations, attendance, certificates: coordinators of that "
                                   "organisation only (tests/organisations/test_member_registrations.py)",
    ":member_registration_answer": NO_PERSONAL_DATA + " of others (the member's own registration only; anyone "
                                                      "else's link is 404)",
    ":organisation_invitation": NO_PERSONAL_DATA + " (the organisation's name, for whoever holds the secret link; "
                                                   "accepting needs the invited address's account)",
    # Organisations' details and coordinators: Event staff (the review right) only.
    ":organisation_review": Rule("/admin/organisations/{organisation}/review/", STAFF_CHANGE, STAFF_CHANGE,
                                 marker="{email}"),
    "organisations:index": Rule("/admin/organisations/", STAFF_CHANGE),
    "registrations:index": Rule("/admin/registrations/", STAFF_VIEW, STAFF_VIEW),
    "registrations:index_results": Rule("/admin/registrations/results/", STAFF_VIEW, STAFF_VIEW),
    "registrations:inspect": Rule("/admin/registrations/inspect/{registration}/", STAFF_VIEW, STAFF_VIEW),
    # Wagtail's history and usage views need the "change" permission, not "view".
    "registrations:history": Rule("/admin/registrations/history/{registration}/", STAFF_CHANGE, STAFF_CHANGE),
    "registrations:history_results": Rule("/admin/registrations/history-results/{registration}/", STAFF_CHANGE),
    "registrations:usage": Rule("/admin/registrations/usage/{registration}/", STAFF_CHANGE, STAFF_CHANGE),
    ":registration_action": Rule("/admin/registrations/action/{registration}/cancel/", STAFF_CHANGE, STAFF_CHANGE),
    "attendance:index": Rule("/admin/attendance/", STAFF_VIEW, STAFF_VIEW),
    "attendance:index_results": Rule("/admin/attendance/results/", STAFF_VIEW, STAFF_VIEW),
    "attendance:inspect": Rule("/admin/attendance/inspect/{attendance}/", STAFF_VIEW, STAFF_VIEW),
    "attendance:history": Rule("/admin/attendance/history/{attendance}/", STAFF_CHANGE, STAFF_CHANGE),
    "attendance:history_results": Rule("/admin/attendance/history-results/{attendance}/", STAFF_CHANGE),
    "attendance:usage": Rule("/admin/attendance/usage/{attendance}/", STAFF_CHANGE, STAFF_CHANGE),
    ":attendance_correct": Rule("/admin/attendance/correct/{registration}/", STAFF_CHANGE, STAFF_CHANGE),
    ":event_checkin": Rule("/admin/events/{event}/check-in/", STAFF_CHANGE, STAFF_CHANGE),
    # The form names groups and counts only; the preview (a POST) names one recipient, tested in test_messages.py.
    ":event_message": Rule("/admin/events/{event}/message/", STAFF_CHANGE),
    ":checkin_events": Rule("/admin/check-in/", STAFF_CHANGE),  # event titles only
    ":event_door": Rule("/admin/events/{event}/door/", STAFF_CHANGE),  # the event's title and counts only
    ":event_door_counts": Rule("/admin/events/{event}/door/counts/", STAFF_CHANGE),
    ":event_door_search": Rule("/admin/events/{event}/door/search/?q=prywatnowska", STAFF_CHANGE, STAFF_CHANGE),
    ":event_door_check_in": "POST with a ticket code, answered with its holder's name: the check-in right only, "
                            "tested in tests/events/test_door.py",
    # The whole door list, kept by the phone to work without a connection.
    ":event_door_list": Rule("/admin/events/{event}/door/list/", STAFF_CHANGE, STAFF_CHANGE),
    ":event_door_sync": "POST of check-ins made offline, answered with their holders' names: the check-in right only, "
                        "tested in tests/events/test_door_offline.py",
    # The form and the counts only; its POST registers a person, tested in tests/events/test_walk_ins.py.
    ":event_walk_in": Rule("/admin/events/{event}/door/walk-in/", STAFF_CHANGE),
    # Presenters are chosen from every active account by those who edit pages, not by everyone in the admin.
    "person_chooser:choose": Rule("/admin/people/choose/", PAGE_EDITORS, PAGE_EDITORS, marker="{email}"),
    "person_chooser:choose_results": Rule("/admin/people/choose/results/?q=private", PAGE_EDITORS, PAGE_EDITORS,
                                          marker="{email}"),
    "person_chooser:chosen": Rule("/admin/people/choose/chosen/{participant}/", PAGE_EDITORS, PAGE_EDITORS,
                                  marker="{email}"),
    "event_chooser:choose": NO_PERSONAL_DATA + " (event titles and dates, for the listings' filters)",
    "event_chooser:choose_results": NO_PERSONAL_DATA + " (event titles and dates)",
    "event_chooser:chosen": NO_PERSONAL_DATA + " (an event's title and date)",
    ":event_checkin_action": NO_PERSONAL_DATA + " (POST, answers with a redirect, tested in tests/events/test_checkin.py)",
    # The audit log names everyone the office dealt with: administrators only (unless a group is given the right).
    # Wagtail's group listing, through our viewset (translated group names): no participant's data.
    "wagtailusers_groups:index": Rule("/admin/groups/", {"superuser"}),
    "wagtailusers_groups:index_results": Rule("/admin/groups/results/", {"superuser"}),
    "audit_log:index": Rule("/admin/audit-log/", {"superuser"}, {"superuser"}),
    "audit_log:index_results": Rule("/admin/audit-log/results/", {"superuser"}, {"superuser"}),
    "audit_log:inspect": Rule("/admin/audit-log/inspect/{audit_entry}/", {"superuser"}, {"superuser"}),
    "audit_log:history": Rule("/admin/audit-log/history/{audit_entry}/", {"superuser"}, {"superuser"}),
    "audit_log:history_results": Rule("/admin/audit-log/history-results/{audit_entry}/", {"superuser"}),
    "audit_log:usage": Rule("/admin/audit-log/usage/{audit_entry}/", {"superuser"}, {"superuser"}),
    # Outgoing e-mail holds everyone's addresses and messages: administrators only (or a group given the right).
    "outgoing_mail:index": Rule("/admin/outgoing-mail/", {"superuser"}, {"superuser"}, marker="{email}"),
    "outgoing_mail:index_results": Rule("/admin/outgoing-mail/results/", {"superuser"}, {"superuser"}, marker="{email}"),
    "outgoing_mail:inspect": Rule("/admin/outgoing-mail/inspect/{mail}/", {"superuser"}, {"superuser"}, marker="{email}"),
    "outgoing_mail:history": Rule("/admin/outgoing-mail/history/{mail}/", {"superuser"}),
    "outgoing_mail:history_results": Rule("/admin/outgoing-mail/history-results/{mail}/", {"superuser"}),
    "outgoing_mail:usage": Rule("/admin/outgoing-mail/usage/{mail}/", {"superuser"}, {"superuser"}, marker="{email}"),
    ":outgoing_mail_send_again": Rule(
        "/admin/outgoing-mail/{mail}/send-again/", {"superuser"}, {"superuser"}, marker="{email}"
    ),
    "enrolments:index": Rule("/admin/enrolments/", STAFF_CHANGE, STAFF_CHANGE),
    "enrolments:index_results": Rule("/admin/enrolments/results/", STAFF_CHANGE, STAFF_CHANGE),
    "enrolments:inspect": Rule("/admin/enrolments/inspect/{enrolment}/", STAFF_CHANGE, STAFF_CHANGE),
    # Event staff may only view enrolments, so the history and usage views are the superuser's.
    "enrolments:history": Rule("/admin/enrolments/history/{enrolment}/", {"superuser"}, {"superuser"}),
    "enrolments:history_results": Rule("/admin/enrolments/history-results/{enrolment}/", {"superuser"}),
    "enrolments:usage": Rule("/admin/enrolments/usage/{enrolment}/", {"superuser"}, {"superuser"}),
    ":my_account": Rule("/en/my/account/", ok_for=SIGNED_IN, sees_participant={"participant"}, marker="{event_title}"),
    ":my_data": Rule("/en/my/account/data/?format=json", ok_for=SIGNED_IN, sees_participant={"participant"},
                     marker="{event_title}"),
    # What deleting the account would cancel: the signed-in person's own upcoming registrations (the POST, with the
    # password, is tested in tests/participants/test_erasure.py).
    ":erase_account": Rule("/en/my/account/delete/", ok_for=SIGNED_IN, sees_participant={"participant"},
                           marker="{event_title}"),
    ":calendar_feed_reset": NO_PERSONAL_DATA + " (POST; resets the signed-in person's own feed address only, "
                                               "tested in tests/participants/test_space.py)",
    ":calendar_feed": NO_PERSONAL_DATA + " without its secret token (a wrong one is 404; the owner's own entries "
                                         "only, tested in tests/participants/test_space.py)",
    ":my_certificates": Rule(
        "/en/my/certificates/", ok_for=SIGNED_IN, sees_participant={"participant"}, marker="{certificate_number}"
    ),
    # The PDF itself is the personal data: the holder and Event staff get it, everyone else "not found".
    ":certificate_download": Rule(
        "/en/certificates/{certificate_code}/pdf/", CERTIFICATE_STAFF | {"participant"},
        CERTIFICATE_STAFF | {"participant"}, marker="%PDF-",
    ),
    # Public by design: status, the holder's name, what and when; never their e-mail address.
    ":certificate_verify": Rule(
        "/en/certificates/verify/{certificate_code}/", set(ROLES), set(), marker="{email}"
    ),
    "certificates:index": Rule("/admin/certificates/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    "certificates:index_results": Rule("/admin/certificates/results/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    "certificates:inspect": Rule("/admin/certificates/inspect/{certificate}/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    "certificates:history": Rule("/admin/certificates/history/{certificate}/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    "certificates:history_results": Rule("/admin/certificates/history-results/{certificate}/", CERTIFICATE_STAFF),
    "certificates:usage": Rule("/admin/certificates/usage/{certificate}/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    ":certificates_for": Rule("/admin/certificates/for/event/{event}/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    ":certificates_decide": Rule(
        "/admin/certificates/for/event/{event}/decide/{participant}/grant/", CERTIFICATE_STAFF, CERTIFICATE_STAFF
    ),
    ":certificate_revoke": Rule("/admin/certificates/{certificate}/revoke/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    ":certificate_correct": Rule("/admin/certificates/{certificate}/correct/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    ":certificate_resend": Rule("/admin/certificates/{certificate}/resend/", CERTIFICATE_STAFF, CERTIFICATE_STAFF),
    # Counts, and the employers and schools that sent people: Event staff and Moderators (the report right).
    ":programme_report": Rule("/admin/reports/programme/", STAFF_VIEW),
    ":event_report": Rule("/admin/reports/event/{event}/", STAFF_VIEW),
    ":certificates_issue": NO_PERSONAL_DATA + " (POST, staff only, tested in tests/certificates/test_views.py)",
    ":certificate_verify_lookup": NO_PERSONAL_DATA + " (a form that redirects to the verification page)",
    ":certificate_verify_scanned": NO_PERSONAL_DATA + " (the QR code's address: a redirect to the verification page)",
    ":admin_sign_in": NO_PERSONAL_DATA + " (a redirect to the sign-in, tested in tests/lms/test_hardening.py)",
    ":page_sign_in": NO_PERSONAL_DATA + " (a redirect to the sign-in, tested in tests/lms/test_hardening.py)",
    ":certificate_public_key": NO_PERSONAL_DATA,
    ":certificate_public_keys": NO_PERSONAL_DATA,
    # Public or machine endpoints, and actions that answer with a redirect: they show no one's data.
    ":switch_language": NO_PERSONAL_DATA,
    ":healthz": NO_PERSONAL_DATA,
    ":bbb_end_callback": NO_PERSONAL_DATA + " (HMAC-signed URL, tested in tests/events/test_webinars.py)",
    ":bbb_recording_ready_callback": NO_PERSONAL_DATA + " (JWT, tested in tests/events/test_webinars.py)",
    ":bbb_analytics_callback": NO_PERSONAL_DATA + " (bearer JWT, tested in tests/events/test_attendance.py)",
    "EventPage:index_route": NO_PERSONAL_DATA + " (the public page; only the viewer's own registration is shown)",
    "EventIndexPage:index_route": NO_PERSONAL_DATA,
    "CoursePage:index_route": NO_PERSONAL_DATA + " (the public page; only the viewer's own enrolment is shown)",
    "CourseIndexPage:index_route": NO_PERSONAL_DATA,
    ":event_register": NO_PERSONAL_DATA + " (POST, signed-in only, tested in tests/events/test_pages.py)",
    "EventPage:cancel": NO_PERSONAL_DATA + " (acts on the signed-in person's own registration only)",
    "EventPage:join": NO_PERSONAL_DATA + " (tested in tests/events/test_webinars.py)",
    "EventPage:end_webinar": NO_PERSONAL_DATA + " (staff only, tested below)",
    "EventPage:reopen_webinar": NO_PERSONAL_DATA + " (POST, staff only, tested below)",
    "EventPage:calendar": NO_PERSONAL_DATA + " (the event's calendar file; a signed-in person with a registration "
                                             "gets their own entry, tested in tests/events/test_own_situation.py)",
    "EventPage:access_needs": NO_PERSONAL_DATA + " (POST; changes the signed-in person's own registration only, "
                                                 "tested in tests/events/test_own_situation.py)",
    "EventIndexPage:upcoming": NO_PERSONAL_DATA,
    "EventIndexPage:archive": NO_PERSONAL_DATA,
    "CourseIndexPage:listing": NO_PERSONAL_DATA,
    "CoursePage:enrol": NO_PERSONAL_DATA + " (acts for the signed-in person only)",
    "CoursePage:withdraw": NO_PERSONAL_DATA + " (acts on the signed-in person's own enrolment only)",
    # Consultations: the visitor's page shows slots as free or taken, never who took them; the presenter advises.
    ":consultation_booking": Rule("/en/open-days/{open_day}/consultations/", {"participant"}),
    ":consultation_cancel": NO_PERSONAL_DATA + " (POST; cancels the signed-in person's own consultation only, "
                                               "tested in tests/consultations/test_views.py)",
    ":consultation_agenda": Rule("/en/open-days/{open_day}/agenda/?advisor={advisor}", STAFF_CHANGE | {"presenter"},
                                 STAFF_CHANGE | {"presenter"}),
    ":consultation_outcome": NO_PERSONAL_DATA + " (POST, the advisor or Event staff, answers with a redirect, "
                                                "tested in tests/consultations/test_views.py)",
    ":my_agenda": Rule("/en/my/agenda/", SIGNED_IN),  # Open Days' titles only
    ":consultation_open_days": Rule("/admin/consultations/", STAFF_CHANGE),
    ":consultation_slots": Rule("/admin/consultations/{open_day}/", STAFF_CHANGE, STAFF_CHANGE),
    ":consultation_add_slots": Rule("/admin/consultations/{open_day}/add/", STAFF_CHANGE),  # staff accounts only
    ":consultation_slot_move": Rule("/admin/consultations/slot/{slot}/move/", STAFF_CHANGE),  # advisor and time
    ":consultation_slot_block": NO_PERSONAL_DATA + " (POST, Event staff, answers with a redirect, tested in "
                                                   "tests/consultations/test_views.py)",
}
for name in ("index_results", "add", "edit", "delete", "usage", "history", "history_results", "copy"):
    MATRIX[f"organisations:{name}"] = NO_PERSONAL_DATA + " (an organisation's details; Event staff only)"
for name in ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results", "copy"):
    MATRIX[f"wagtailsnippets_events_location:{name}"] = NO_PERSONAL_DATA + " (venues, edited by editors)"
for name in ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results", "copy",
             "preview_on_add", "preview_on_edit"):
    MATRIX[f"wagtailsnippets_certificates_certificatetemplate:{name}"] = (
        NO_PERSONAL_DATA + " (certificate layouts, edited by editors; the preview uses sample data)"
    )


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield namespace, pattern


def url_keys() -> set[str]:
    keys = set()
    for namespace, pattern in _walk(get_resolver().url_patterns):
        module = getattr(getattr(pattern.callback, "view_class", None), "__module__", pattern.callback.__module__)
        ours = module.startswith(OUR_MODULES) or namespace in OUR_ADMIN_NAMESPACES
        if ours and pattern.name:
            keys.add(f"{namespace}:{pattern.name}")
    from courses.models import CourseIndexPage
    from events.models import EventIndexPage

    for model in (EventPage, EventIndexPage, CoursePage, CourseIndexPage):
        for name in model.get_subpage_urls() and [route.name for route in model.get_subpage_urls()]:
            keys.add(f"{model.__name__}:{name}")
    return keys


def test_every_url_of_ours_has_an_entry():
    missing = url_keys() - MATRIX.keys()
    stale = MATRIX.keys() - url_keys()
    assert not missing, f"URLs without a permission entry: {sorted(missing)}"
    assert not stale, f"entries for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def world(make_event, course):  # noqa: F811
    ensure_editorial_groups(apps)
    event = make_event("Webinar prywatnej uczestniczki", capacity=5)
    participant = ProfileFactory(
        user__email="private.person@example.org", user__first_name="Prywatna", user__last_name="Prywatnowska"
    ).user
    registration = register(event=event, participant=participant)
    attendance = Attendance.objects.create(registration=registration, minutes_present=10, source="polling")
    from courses.models import Enrolment

    enrolment = Enrolment.objects.create(course=course, participant=participant)
    pdf = b"%PDF-1.7 stand-in for a rendered certificate"
    certificate = Certificate.objects.create(
        number="I3/2026/000042", holder=participant, holder_name=participant.get_full_name(), event=event,
        title=event.title, first_day=event.start.date(), last_day=event.end.date(), hours=2, language="pl",
        payload="not-checked-here", sha256=hashlib.sha256(pdf).hexdigest(), pdf=ContentFile(pdf, name="cert.pdf"),
    )
    users = {"participant": participant, "other_participant": ProfileFactory().user}
    users["presenter"] = ProfileFactory().user
    event.presenters.create(name="Presenter", user=users["presenter"])
    event.save_revision().publish()
    for role, group in (("editor", "Editors"), ("moderator", "Moderators"), ("staff", "Event staff")):
        users[role] = ProfileFactory().user
        users[role].groups.add(Group.objects.get(name=group))
    users["superuser"] = ProfileFactory(user__is_superuser=True, user__is_staff=True).user
    # At ten in the morning, office time: a slot twenty minutes after a late-evening start would end the next day.
    ten_am = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=7)
    open_day = make_event("Dzień otwarty", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON,
                          start=ten_am, end=ten_am + timedelta(hours=4))
    register(event=open_day, participant=participant)
    slot = add_slots(event=open_day, advisor_user=users["presenter"], topics=["residence"], languages=["pl"],
                     starts_at=open_day.start, ends_at=open_day.start + timedelta(minutes=20), minutes=20,
                     actor=users["staff"])[0]
    book(slot=slot, visitor=participant)
    return {"users": users, "event": event, "ids": {
        "open_day": open_day.pk, "advisor": slot.advisor_id, "slot": slot.pk,
        "registration": registration.pk, "attendance": attendance.pk, "enrolment": enrolment.pk,
        "event": event.pk, "certificate": certificate.pk, "certificate_code": certificate.code,
        "participant": participant.pk,
        "organisation": apply_for_organisation(user=participant, kind="office", name="Urząd Gminy").pk,
        "audit_entry": audit.record(actor=None, action="registration.noted", target=registration).pk,
        "mail": OutgoingMail.objects.create(from_email="lms@example.org", to=[participant.email], subject="Potwierdzenie",
                                            body_text="Treść", state=OutgoingMail.State.GIVEN_UP).pk,
    }, "markers": {"last_name": participant.last_name, "event_title": event.title, "email": participant.email,
                   "certificate_number": certificate.number}}


PERSONAL = {key: rule for key, rule in MATRIX.items() if isinstance(rule, Rule)}


@pytest.mark.parametrize("key", sorted(PERSONAL))
def test_personal_data_is_shown_only_to_whom_it_may_be(client, world, key):
    rule = PERSONAL[key]
    path = rule.path.format(**world["ids"])
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = getattr(client, rule.method)(path)
        body = response.content.decode(errors="replace") if not response.streaming else ""
        got_ok = response.status_code == 200
        shows = rule.marker.format(**world["markers"]) in body
        if got_ok != (role in rule.ok_for) or (shows and role not in rule.sees_participant) or \
                (role in rule.sees_participant and not shows):
            wrong.append(f"{role}: status {response.status_code}, shows participant data: {shows}")
    assert not wrong, f"{key} ({path}):\n" + "\n".join(wrong)


@pytest.mark.parametrize(("route", "method"), [("end-webinar/", "get"), ("end-webinar/", "post"),
                                               ("reopen-webinar/", "post")])
def test_only_staff_can_end_or_reopen_a_webinar(client, world, standin, route, method):
    event = world["event"]
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = getattr(client, method)(f"{event.url}{route}", {"confirm": "yes"} if method == "post" else {})
        assert response.status_code != 200 or role in STAFF_CHANGE, role
        if role not in STAFF_CHANGE:
            assert response.status_code in (302, 403), (role, response.status_code)
        else:  # nothing runs or was ended here: refused with the reason
            assert response.status_code == 409, (role, response.status_code)


# Page privacy: Wagtail's view restrictions (password, signed-in only, groups) hold on every route of a page, not
# only when the page itself is served; a refused request gets Wagtail's own answer and writes nothing.

PASSWORD, LOGIN, GROUPS = PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS


@pytest.fixture
def private_pages(make_event, course, participant):  # noqa: F811
    """An event and a course (with an open session) the participant is registered for and enrolled in."""
    event = make_event("Spotkanie zamknięte", summary="Treść tylko dla zaproszonych")
    session = make_event("Sesja kursu", course=course)
    registration = register(event=event, participant=participant)
    from courses.services import enrol

    enrolment, _registrations = enrol(course=course, participant=participant)
    return {"event": event, "course": course, "session": session, "registration": registration,
            "enrolment": enrolment}


def _restrict(page, kind: str) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="sezam-2026")
    if kind == GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Zaproszeni")[0])
    return restriction


ROUTES = {  # route: (page, method, path after the page's URL or a full path, data)
    "register": ("event", "post", "/pl/events/{pk}/register/", {}),
    "cancel": ("event", "post", "cancel/", {"confirm": "yes"}),
    "join": ("event", "post", "join/", {}),
    "calendar": ("event", "get", "calendar/", {}),
    "enrol": ("course", "post", "enrol/", {}),
    "withdraw": ("course", "post", "withdraw/", {"confirm": "yes"}),
}


def _request(client, pages, route):
    page_key, method, path, data = ROUTES[route]
    page = pages[page_key]
    url = path.format(pk=page.pk) if path.startswith("/") else f"{page.url}{path}"
    return getattr(client, method)(url, data)


def _nothing_written(pages, participant) -> bool:
    from courses.models import Enrolment
    from events.models import Registration

    registrations = Registration.objects.filter(participant=participant)
    return (registrations.filter(event=pages["event"]).get().state == "confirmed"
            and not registrations.filter(event=pages["event"]).exclude(pk=pages["registration"].pk).exists()
            and Enrolment.objects.filter(participant=participant).get().state == "active"
            and registrations.filter(event=pages["session"]).count() == 1)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("kind", [PASSWORD, LOGIN, GROUPS])
def test_every_route_of_a_private_page_refuses_as_wagtail_does(client, private_pages, participant, route, kind):
    from events.models import Registration

    _restrict(private_pages[ROUTES[route][0]], kind)
    Registration.objects.filter(event=private_pages["event"]).delete()  # so that "register" would write
    private_pages["registration"] = register(event=private_pages["event"], participant=participant)
    if kind != LOGIN:  # the signed-in-only restriction admits every signed-in person
        client.force_login(participant)

    response = _request(client, private_pages, route)

    body = response.content.decode(errors="replace")
    if kind == PASSWORD:
        assert response.status_code == 200 and 'name="password"' in body, (response.status_code, body[:300])
    else:
        assert response.status_code == 302 and response["Location"].startswith("/pl/accounts/login/?next="), \
            (response.status_code, response.get("Location"))
    assert "Treść tylko dla zaproszonych" not in body and "BEGIN:VCALENDAR" not in body
    assert _nothing_written(private_pages, participant)


@pytest.mark.parametrize("kind", [PASSWORD, LOGIN, GROUPS])
def test_listings_show_no_card_of_a_page_the_visitor_could_not_open(client, private_pages, participant, kind):
    event_listing_url = private_pages["event"].get_parent().url
    listings = {event_listing_url: "Spotkanie zamknięte", private_pages["course"].get_parent().url:
                private_pages["course"].title}
    shown_before = {url: title in client.get(url).content.decode() for url, title in listings.items()}
    _restrict(private_pages["course"], kind)
    restriction = _restrict(private_pages["event"], kind)

    hidden = {url: title not in client.get(url).content.decode() for url, title in listings.items()}
    if kind == PASSWORD:
        session = client.session
        session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
        session.save()
    elif kind == GROUPS:
        participant.groups.add(Group.objects.get(name="Zaproszeni"))
    client.force_login(participant)
    shown_to_those_let_in = client.get(event_listing_url).content.decode()

    assert shown_before == hidden == {url: True for url in listings}
    assert "Spotkanie zamknięte" in shown_to_those_let_in


def test_a_direct_post_to_register_for_a_private_event_writes_nothing_and_shows_nothing(client, private_pages,
                                                                                        other_participant):
    from events.models import Registration

    event = private_pages["event"]
    _restrict(event, GROUPS)
    client.force_login(other_participant)

    response = client.post(f"/pl/events/{event.pk}/register/", {"access_needs": ["not-a-choice"]})

    assert response.status_code == 302 and response["Location"].startswith("/pl/accounts/login/?next=")
    assert not Registration.objects.filter(participant=other_participant).exists()


def test_who_passes_a_restriction_registers_as_usual(client, private_pages, other_participant):
    from events.models import Registration

    event = private_pages["event"]
    group_restricted = _restrict(event, GROUPS)
    other_participant.groups.add(group_restricted.groups.get())
    client.force_login(other_participant)

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 302 and response["Location"] == event.url
    assert Registration.objects.get(participant=other_participant).state == "confirmed"


def test_after_the_password_the_event_takes_registrations(client, private_pages, other_participant):
    from django.urls import reverse

    from events.models import Registration

    event = private_pages["event"]
    restriction = _restrict(event, PASSWORD)
    client.force_login(other_participant)
    client.post(reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, event.pk]),
                {"password": "sezam-2026", "return_url": event.url})

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 302
    assert Registration.objects.filter(participant=other_participant, state="confirmed").exists()


def test_the_certificate_panel_stays_hidden_from_a_request_the_page_refuses(rf, make_event, participant):  # noqa: F811
    from django.template import Context, Template

    from certificates.models import CertificateTemplate

    event = make_event(certificate_template=CertificateTemplate.objects.create(name="Wzór", layout="<p>x</p>"))
    register(event=event, participant=participant)
    request = rf.get(event.url)
    request.user = participant
    request.session = {}
    panel = Template("{% load certificate_tags %}{% your_certificate page %}")

    shown = panel.render(Context({"request": request, "page": event}))
    _restrict(event, PASSWORD)
    refused = panel.render(Context({"request": request, "page": event}))

    assert "certificate-heading" in shown
    assert "certificate-heading" not in refused


# Who may register for an event restricted to its audience: an internal event for office staff takes the accounts
# the office confirmed (its "Office staff" group, its e-mail domains), not a profile that merely says "staff".

@pytest.mark.parametrize(("who", "allowed"), [
    ("stranger who says they are staff", False),
    ("member of Office staff", True),
    ("address in the office's domain", True),
])
def test_internal_event_for_office_staff(client, settings, make_event, who, allowed):  # noqa: F811
    from events.editorial import OFFICE_STAFF_GROUP
    from events.models import Registration

    settings.LMS_STAFF_EMAIL_DOMAINS = ["urzad.example.gov.pl"]
    ensure_editorial_groups(apps)
    event = make_event("Narada wewnętrzna", audience="staff", restricted_to_audience=True)
    staff_profile = {"audience": "staff", "department": "Wydział Spraw Cudzoziemców"}
    if who == "address in the office's domain":
        person = ProfileFactory(user__email="ewa.nowak@urzad.example.gov.pl", audience="employer",
                                company_name="Firma", nip="1234563218").user
    else:
        person = ProfileFactory(**staff_profile).user
    if who == "member of Office staff":
        person.groups.add(Group.objects.get(name=OFFICE_STAFF_GROUP))
    client.force_login(person)

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert Registration.objects.filter(participant=person).exists() == allowed
    assert response.status_code == (302 if allowed else 403)
