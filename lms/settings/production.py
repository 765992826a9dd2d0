"""Production: everything secret or site-specific comes from the environment; nothing insecure by default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters.")

DEBUG = False
# Persistent database connections: opening one costs PostgreSQL a new backend process, which was a large share
# of a registration's cost in the load test. Health checks drop connections the server has closed.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "certificates": CERTIFICATE_STORAGE,  # noqa: F405
}
if not (CERTIFICATE_SIGNING_KEY or CERTIFICATE_SIGNING_KEY_FILE):  # noqa: F405
    raise ImproperlyConfigured(
        "LMS_CERTIFICATE_SIGNING_KEY (PEM) or LMS_CERTIFICATE_SIGNING_KEY_FILE must be set; "
        "generate one with `manage.py certificate_signing_key`."
    )
# The public address goes into every certificate's QR code and verification link (sealed for good), into
# e-mails and calendar files, and to BigBlueButton for its callbacks: a default would be wrong everywhere.
if not os.environ.get("LMS_BASE_URL"):
    raise ImproperlyConfigured(
        "LMS_BASE_URL must be set to the site's public address, e.g. https://szkolenia.example.gov.pl; it is printed "
        "on certificates and sent in e-mails and to BigBlueButton."
    )
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
