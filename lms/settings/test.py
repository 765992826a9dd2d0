"""pytest: fast hashing, in-memory mail, tasks run at once, locmem cache."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Certificates: a fresh signing key and a throwaway folder for each test run.
import tempfile  # noqa: E402

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

CERTIFICATE_SIGNING_KEY = Ed25519PrivateKey.generate().private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
MEDIA_ROOT = tempfile.mkdtemp(prefix="lms-test-media-")
CERTIFICATE_STORAGE["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="lms-test-certificates-")  # noqa: F405
CERTIFICATE_RENDER_PROCESSES = 1
