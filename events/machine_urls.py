"""Addresses BigBlueButton calls back; no language prefix."""

from django.urls import path

from events import callbacks

urlpatterns = [
    path("bbb/callbacks/end/", callbacks.meeting_ended, name="bbb_end_callback"),
    path("bbb/callbacks/recording-ready/", callbacks.recording_ready, name="bbb_recording_ready_callback"),
    path("bbb/callbacks/analytics/", callbacks.analytics, name="bbb_analytics_callback"),
]
