"""Local development: `make run`. E-mails land as files in var/mail/, tasks run in-process."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
# `make run` starts the BBB stand-in (devtools.bbb_standin) on this port with this secret.
BBB_URL = os.environ.get("BBB_URL", "http://127.0.0.1:8090/")
BBB_SECRET = os.environ.get("BBB_SECRET", "dev-standin-secret")
TASKS = {"default": {"BACKEND": os.environ.get("LMS_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

VAR_DIR.mkdir(parents=True, exist_ok=True)
# A signing key made on first use and kept in var/, so certificates stay verifiable across restarts.
CERTIFICATE_SIGNING_KEY_FILE = os.environ.get(
    "LMS_CERTIFICATE_SIGNING_KEY_FILE", str(VAR_DIR / "certificate-signing-key.pem")
)
