"""A protocol-faithful BigBlueButton API stand-in for development and tests.

A small HTTP server on loopback that answers the BBB API as real servers do (checksums by length, XML element names,
FAILED messageKeys, join redirects, the end, recording-ready and analytics callbacks), so the platform's tests talk
to something real instead of mocking BBB. Standard library and PyJWT only, no Django: it also runs on its own,
``python -m devtools.bbb_standin --port 8099 --secret s3cret``.

``server.StandIn`` is the entry point. Not part of BBB: the pages at ``/client/<token>`` (the "web client" a join
redirects to, with a Leave button) and ``/playback/presentation/2.3/<recordID>``, and the test controls
``POST /_stub/leave?meetingID=&userID=``, ``GET /_stub/state`` and ``POST /_stub/reset``.

FAILED messageKeys, as bbb-web 2.6+ uses them: ``checksumError`` (wrong, missing, disabled-algorithm or
wrong-length checksum), ``missingParamMeetingID``, ``sizeError``, ``validationError`` (comma in a meetingID,
non-integer number), ``emptyError`` (no meeting name), ``missingParamFullName``, ``invalidMeetingIdentifier``,
``invalidPassword``, ``mismatchCreateTime``, ``meetingForciblyEnded``, ``maxParticipantsReached``, ``notFound``
(meetings and recordings), ``missingParamRecordID``, ``missingParamPublish``. The stand-in's own:
``noActionSpecified`` (unknown call; bbb-web would answer an HTML 404), ``unsupportedRequestType`` (POST to a
GET-only call), ``paramError`` (unreadable body) and ``internalError`` (a bug in the stand-in, logged)."""

from .server import StandIn

__all__ = ["StandIn"]
