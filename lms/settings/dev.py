"""Local development: `make run`. E-mails land as files in var/mail/, tasks run in-process."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
TASKS = {"default": {"BACKEND": os.environ.get("LMS_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

VAR_DIR.mkdir(parents=True, exist_ok=True)
