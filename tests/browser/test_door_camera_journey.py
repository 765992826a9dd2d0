"""At the door with a phone whose camera is real to the page: Chromium's fake capture device plays a video of the
participant's ticket QR code (drawn here by the same ZXing writer as the ticket), the door page reads it with
zxing-wasm, checks her in and shows her name and access needs; the camera still on the same ticket then says she
was already checked in. axe checks the page."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from certificates.rendering import qr_code_png
from events.models import Attendance, EventPage
from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 640, 480


def write_camera_video(code: str, path) -> None:
    """A few frames (YUV4MPEG2, 4:2:0) of the ticket's QR code on white, as a phone would hold it to the camera;
    Chromium loops the file."""
    png, modules = qr_code_png(code)
    symbol = Image.open(io.BytesIO(png)).resize((modules * 10, modules * 10), Image.Resampling.NEAREST)
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(symbol, ((WIDTH - symbol.width) // 2, (HEIGHT - symbol.height) // 2))
    grey = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)  # no colour: U and V in the middle
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            video.write(b"FRAME\n" + frame.tobytes() + grey + grey)


@pytest.fixture
def phone_with_camera(browser_type, browser_type_launch_args, live_server, tmp_path):
    """A phone-sized tab of a Chromium whose camera films the ticket code given, signed in as ``user``."""
    browsers = []

    def open_as(user, ticket_code: str):
        video = tmp_path / "ticket.y4m"
        write_camera_video(ticket_code, video)
        browser = browser_type.launch(**{**browser_type_launch_args, "args": [
            *browser_type_launch_args.get("args", []),
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ]})
        browsers.append(browser)
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport={"width": 360, "height": 740}, permissions=["camera"])
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        tab = context.new_page()
        tab.set_default_timeout(5_000)
        return tab

    yield open_as
    for browser in browsers:
        browser.close()


def test_the_camera_reads_a_ticket_checks_her_in_and_a_second_scan_says_already(
    live_server, make_event, phone_with_camera, assert_accessible, english_admin_user  # noqa: F811
):
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=30)  # doors are open an hour before
    open_day = make_event("Dzień otwarty INFO.OPT", kind=EventPage.Kind.TRAINING, format=EventPage.Format.IN_PERSON,
                          start=start, end=start + timedelta(hours=3))
    participant = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk", audience="employer",
                                 company_name="Piekarnia Zorza").user
    registration = register(event=open_day, participant=participant, access_needs=["sign_language"])
    ivan = register(event=open_day, participant=ProfileFactory(user__first_name="Ivan", user__last_name="Petrenko").user)
    zofia = register(event=open_day, participant=ProfileFactory(user__first_name="Zofia", user__last_name="Żółkiewska").user)
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa")

    phone = phone_with_camera(staff, registration.ticket_code)
    phone.goto(f"{live_server.url}/admin/events/{open_day.pk}/door/")
    expect(phone.get_by_role("heading", level=1, name=open_day.title)).to_be_visible()

    result = phone.get_by_role("status")
    expect(result).to_contain_text("Olena Kowalczuk is checked in.", timeout=20_000)
    expect(result).to_contain_text("Employer")
    expect(result).to_contain_text("Polish Sign Language (PJM) interpreter")
    expect(phone.locator(".door-count__numbers")).to_have_text("1 / 3")
    assert_accessible(phone, "the door page after a scan")
    assert Attendance.objects.get(registration=registration).source == Attendance.Source.CHECKIN

    # The camera still sees the same ticket once the answer has been read.
    expect(result).to_contain_text(re.compile(r"Olena Kowalczuk was already checked in at \d\d:\d\d\."), timeout=15_000)
    expect(phone.locator(".door-count__numbers")).to_have_text("1 / 3")
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert phone.evaluate("document.getElementById('door-video').srcObject !== null")  # the camera is really on

    # Without the camera: a code typed from paper, in lower case with spaces; a name typed without diacritics.
    phone.get_by_role("button", name="Stop the camera").click()
    expect(phone.get_by_text("The camera is off.")).to_be_visible()
    phone.get_by_label("Type the code").fill(ivan.ticket_code.lower().replace("-", " "))
    phone.get_by_role("button", name="Check in", exact=True).click()
    expect(result).to_contain_text("Ivan Petrenko is checked in.")
    expect(phone.locator(".door-count__numbers")).to_have_text("2 / 3")

    phone.get_by_label("Search by name or e-mail").fill("zolkiewska")
    phone.get_by_role("button", name="Search").click()
    phone.get_by_role("list", name="People found").get_by_role("button", name="Check in Zofia Żółkiewska").click()
    expect(result).to_contain_text("Zofia Żółkiewska is checked in.")
    expect(phone.locator(".door-count__numbers")).to_have_text("3 / 3")
    assert_accessible(phone, "the door page after a name search")
    assert Attendance.objects.filter(registration__in=[ivan, zofia], source="checkin").count() == 2
