from events import bbb
from events.models import Meeting


def refresh_recordings(*, meeting: Meeting) -> list[dict]:
    """Store the meeting's published recordings as BBB lists them now (safe to repeat)."""
    recordings = [
        {"record_id": recording.record_id, "url": recording.playback_url, "length_minutes": recording.length_minutes}
        for recording in bbb.client().recordings(meeting.bbb_meeting_id)
        if recording.published and recording.playback_url
    ]
    Meeting.objects.filter(pk=meeting.pk).update(recordings=recordings)
    return recordings
