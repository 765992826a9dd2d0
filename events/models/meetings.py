from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    """The BigBlueButton room of one online event (the event in the default language)."""

    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        RUNNING = "running", _("running")
        ENDED = "ended", _("ended")

    event = models.OneToOneField("events.EventPage", on_delete=models.CASCADE, related_name="meeting")
    bbb_meeting_id = models.CharField(_("BBB meeting id"), max_length=100, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SCHEDULED)
    internal_meeting_id = models.CharField(max_length=100, blank=True)
    create_time = models.BigIntegerField(default=0, help_text="BBB createTime (ms); joins carry it")
    attendee_pw = models.CharField(max_length=64, blank=True)
    moderator_pw = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set when staff reopen a webinar ended before its scheduled end; BBB then runs a new session of the meeting.
    reopened_at = models.DateTimeField(null=True, blank=True)
    # [{"record_id", "url", "length_minutes", "published"}] from the recording-ready callback or polling.
    recordings = models.JSONField(default=list, blank=True)
    # From the last presence poll of a running room (everyone BBB lists, presenters and guests too), so the staff
    # dashboard shows who is in the room without calling BBB.
    people_in_room = models.PositiveIntegerField(_("people in the room"), default=0)
    people_counted_at = models.DateTimeField(_("people counted at"), null=True, blank=True)

    @property
    def has_recording_of_last_run(self) -> bool:
        """Recordings are named after the run they record (recordID = internalMeetingID)."""
        return any(recording.get("record_id") == self.internal_meeting_id for recording in self.recordings)

    class Meta:
        verbose_name = _("webinar meeting")
        verbose_name_plural = _("webinar meetings")

    def __str__(self) -> str:
        # The audit trail names the event, which staff recognise, rather than BBB's meeting id.
        return f"{self.event.title} ({self.get_state_display()})"


class BBBSession(models.Model):
    """One run of a meeting on BBB, from a create to its end, as BBB names it: ``internalMeetingID``,
    sha1(meetingID)-createTime, also the recordID and the key of the analytics report. A meeting has several when
    BBB ended it and it was created again. Only ids read from BBB's own answers (create, getMeetingInfo) are kept,
    so that an analytics report, whose token signs nothing about it, can be checked against them."""

    wagtail_reference_index_ignore = True

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bbb_sessions")
    internal_meeting_id = models.CharField(max_length=100, unique=True)
    create_time = models.BigIntegerField(help_text="BBB createTime (ms)")
    learnt_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("BBB session")
        verbose_name_plural = _("BBB sessions")

    def __str__(self) -> str:
        return self.internal_meeting_id
