"""Visitors' and advisors' addresses of consultations, under the language prefix."""

from django.urls import path

from consultations import views

urlpatterns = [
    path("open-days/<id:event_id>/consultations/", views.booking, name="consultation_booking"),
    path("open-days/<id:event_id>/consultations/cancel/", views.cancel, name="consultation_cancel"),
    path("open-days/<id:event_id>/agenda/", views.agenda, name="consultation_agenda"),
    path("open-days/<id:event_id>/agenda/<id:booking_id>/<str:outcome>/", views.record_outcome,
         name="consultation_outcome"),
    path("my/agenda/", views.my_agenda, name="my_agenda"),
]
