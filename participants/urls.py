"""The participant's space, under the language prefix."""

from django.urls import path

from participants import views

urlpatterns = [
    path("my/account/", views.my_account, name="my_account"),
    path("my/account/calendar/reset/", views.reset_calendar_feed, name="calendar_feed_reset"),
    path("my/account/data/", views.my_data, name="my_data"),
    path("my/account/delete/", views.erase_account, name="erase_account"),
]
