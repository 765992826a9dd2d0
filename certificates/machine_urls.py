"""Addresses without a language prefix: the signing keys (programs fetch them for offline checks) and the short
address a certificate's QR code opens, which must stay short to scan from paper."""

from django.urls import path

from certificates import views

urlpatterns = [
    path("certificates/public-key.pem", views.public_key, name="certificate_public_key"),
    path("certificates/public-keys.pem", views.public_keys, name="certificate_public_keys"),
    path("v/<str:payload>", views.verify_scanned, name="certificate_verify_scanned"),
]
