"""Attendance arrived for an event (events.signals.attendance_recorded): issue its certificates in a task."""


def on_attendance_recorded(sender, event_id: int, **kwargs) -> None:
    from certificates.tasks import issue_after_attendance

    issue_after_attendance.enqueue(event_id=event_id)
