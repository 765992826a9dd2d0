"""Holders' and verifiers' addresses of the certificates app, under the language prefix."""

from django.urls import path

from certificates import views

urlpatterns = [
    path("my/certificates/", views.my_certificates, name="my_certificates"),
    path("certificates/<str:code>/pdf/", views.download, name="certificate_download"),
    path("certificates/verify/", views.verify_lookup, name="certificate_verify_lookup"),
    path("certificates/verify/<str:code>/", views.verify, name="certificate_verify"),
]
