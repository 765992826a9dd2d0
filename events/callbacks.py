"""Endpoints BigBlueButton calls back. Each verifies the caller, answers 4xx with a reason and writes nothing
when something is wrong, and is idempotent, because BBB and load balancers retry."""

import json
import math
from typing import NoReturn

import jwt
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from events import bbb
from events.models import Meeting
from events.services import attendance
from events.services.meetings import end_callback_is_current, mark_ended
from events.services.recordings import refresh_recordings


def _refuse(status: int, reason: str) -> HttpResponse:
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")


def _not_json(token: str) -> NoReturn:
    raise ValueError(f"{token} is not a JSON number")


def _finite(token: str) -> float:
    number = float(token)
    if not math.isfinite(number):  # 1e400 reads as infinity
        _not_json(token)
    return number


def _parse_json(body: bytes):
    """Python's json reads NaN and Infinity, which JSON does not have and the database refuses to store."""
    return json.loads(body, parse_constant=_not_json, parse_float=_finite)


@csrf_exempt
@require_GET
def meeting_ended(request: HttpRequest) -> HttpResponse:
    """GET from BBB when a meeting ends; the URL carries our HMAC of the meeting id, since BBB signs nothing."""
    meeting_id, run = request.GET.get("meetingID", ""), request.GET.get("run", "")
    if not bbb.callback_signature_is_valid(meeting_id, request.GET.get("sig", ""), run):
        return _refuse(403, "invalid signature")
    meeting = Meeting.objects.filter(bbb_meeting_id=meeting_id).first()
    if meeting is None:
        # 410 rather than 404: LocaleMiddleware would turn a 404 on an unprefixed URL into a redirect.
        return _refuse(410, "unknown meeting")
    if not end_callback_is_current(meeting=meeting, run=run):
        return HttpResponse("ok, an earlier run of a reopened meeting")
    mark_ended(meeting=meeting)
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def recording_ready(request: HttpRequest) -> HttpResponse:
    """POST from BBB (or Scalelite/bbblb) with ``signed_parameters``: a JWT {meeting_id, record_id} (HS256)."""
    try:
        payload = bbb.client().verify_recording_ready(request.POST.get("signed_parameters", ""))
    except jwt.PyJWTError:  # a bad token, or no secret to check it with
        return _refuse(401, "invalid signature")
    meeting = Meeting.objects.filter(bbb_meeting_id=str(payload.get("meeting_id", ""))).first()
    if meeting is None:
        return _refuse(410, "unknown meeting")
    try:
        refresh_recordings(meeting=meeting)
    except bbb.BBBError:
        return _refuse(503, "recordings could not be fetched yet")
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def analytics(request: HttpRequest) -> HttpResponse:
    """POST from BBB's analytics script minutes after a meeting: JSON per-user joins and leaves, with
    ``Authorization: Bearer <HS512 JWT>`` proving only that the sender knows the shared secret."""
    try:
        bbb.client().verify_analytics_authorization(request.headers.get("Authorization", ""))
    except jwt.PyJWTError:  # a bad token, or no secret to check it with
        return _refuse(401, "invalid or missing bearer token")
    try:
        result = attendance.ingest_analytics(payload=_parse_json(request.body))
    except (ValueError, json.JSONDecodeError) as error:
        return _refuse(400, f"malformed analytics data: {error}")
    except RecursionError:
        return _refuse(400, "malformed analytics data: nested too deeply")
    except attendance.UnknownMeeting:
        return _refuse(410, "unknown meeting")
    except attendance.ReportRefused as refusal:
        return _refuse(403, str(refusal))
    return HttpResponse("already received" if result.replayed else "ok")
