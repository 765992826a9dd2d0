"""Participants' addresses of the events app, under the language prefix (the event pages themselves are Wagtail's)."""

from django.urls import path

from events import views

urlpatterns = [
    path("my/registrations/", views.my_registrations, name="my_registrations"),
    path("my/registrations/<uuid:uid>/ticket.pdf", views.ticket_download, name="ticket_download"),
    path("events/<id:event_id>/register/", views.register_for_event, name="event_register"),
]
