"""The personal calendar feed, fetched by calendar apps: no language prefix (the person's own language is used)."""

from django.urls import path

from participants import views

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
