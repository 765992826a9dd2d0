"""The signing keys, for verifying certificates offline; no language prefix (programs fetch them)."""

from django.urls import path

from certificates import views

urlpatterns = [
    path("certificates/public-key.pem", views.public_key, name="certificate_public_key"),
    path("certificates/public-keys.pem", views.public_keys, name="certificate_public_keys"),
]
