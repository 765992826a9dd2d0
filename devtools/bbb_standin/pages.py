"""HTML pages standing in for the BBB web client and the recording player: small, valid and accessible, so that
browser tests (axe included) can walk through join and leave."""

from html import escape

from .state import MODERATOR, Meeting, Recording, Session


def meeting_page(meeting: Meeting, session: Session) -> str:
    role = "moderator" if session.role == MODERATOR else "viewer"
    welcome = f"<p>{escape(_welcome(meeting))}</p>\n" if meeting.welcome else ""
    return _document(
        meeting.name,
        f"<h1>{escape(meeting.name)}</h1>\n"
        f"<p>You are in the meeting as {escape(session.full_name)}</p>\n"
        f"<p>Your role: {role}</p>\n"
        f"{welcome}"
        f'<form method="post" action="/client/{escape(session.token)}/leave">\n'
        '<button type="submit">Leave</button>\n'
        "</form>",
    )


def left_page(meeting: Meeting) -> str:
    return _document(
        "You left the meeting",
        f"<h1>You left the meeting</h1>\n<p>You left {escape(meeting.name)}.</p>",
    )


def ended_page(meeting: Meeting) -> str:
    return _document(meeting.name, f"<h1>{escape(meeting.name)}</h1>\n<p>The meeting has ended.</p>")


def playback_page(recording: Recording) -> str:
    return _document(
        f"Recording: {recording.name}",
        f"<h1>Recording: {escape(recording.name)}</h1>\n<p>Presentation playback, {recording.length_minutes} min.</p>",
    )


def not_found_page() -> str:
    return _document("Not found", "<h1>Not found</h1>\n<p>There is nothing at this address.</p>")


def _welcome(meeting: Meeting) -> str:
    """bbb-web substitutes these placeholders in the welcome message."""
    return (
        meeting.welcome.replace("%%CONFNAME%%", meeting.name)
        .replace("%%DIALNUM%%", meeting.dial_number)
        .replace("%%CONFNUM%%", meeting.voice_bridge)
    )


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} - BigBlueButton stand-in</title>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}\n"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )
