"""Coordinators' and invited people's addresses, under the language prefix."""

from django.urls import path

from organisations import views

urlpatterns = [
    path("my/organisations/", views.my_organisations, name="my_organisations"),
    path("organisations/<int:organisation_id>/", views.organisation_roster, name="organisation_roster"),
    path("organisations/<int:organisation_id>/members/<int:membership_id>/remove/", views.member_remove,
         name="organisation_member_remove"),
    path("organisations/<int:organisation_id>/invitations/<int:invitation_id>/withdraw/", views.invitation_withdraw,
         name="organisation_invitation_withdraw"),
    path("organisations/<int:organisation_id>/import/", views.roster_upload, name="roster_upload"),
    path("organisations/<int:organisation_id>/import/<int:import_id>/", views.roster_preview, name="roster_preview"),
    path("organisations/invitations/<str:token>/", views.invitation, name="organisation_invitation"),
    path("organisations/<int:organisation_id>/register/", views.register_members, name="organisation_register"),
    path("organisations/<int:organisation_id>/registrations/", views.member_registrations,
         name="organisation_registrations"),
    path("organisations/places/<str:token>/", views.member_registration_answer, name="member_registration_answer"),
]
