"""Settings shared by every environment; each value that differs per site comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LMS_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "courses",
    "events",
    "certificates",
    "reports",
    "participants",
    "consultations",
    "organisations",
    "devtools",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.users_app.UsersConfig",  # Wagtail's users app, listing groups by their translated names
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.ProfileCompletionMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
FORM_RENDERER = "lms.forms.AccessibleFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the database lock instead of failing half-way through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "lms.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Languages: Polish first, then English, Ukrainian and Russian. Names are shown in their own language.
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", "Polski"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Each PDF is moved into place once completely written; sealing replaces the file of an interrupted run under the
# certificate's row lock (certificates.services.store_sealed_pdfs), hence allow_overwrite.
CERTIFICATE_STORAGE = {
    "BACKEND": "lms.storage.AtomicFileSystemStorage",
    "OPTIONS": {"location": os.environ.get("LMS_CERTIFICATE_ROOT", str(VAR_DIR / "certificates")), "base_url": None,
                "allow_overwrite": True},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": CERTIFICATE_STORAGE,
}
# Uploads (editors only): size and type limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Certificates: numbers like I3/2026/000123; QR payloads signed with an Ed25519 key (PEM, PKCS#8) given
# in the environment or in a file. The public half is published at /certificates/public-key.pem, with the
# retired keys at /certificates/public-keys.pem.
CERTIFICATE_NUMBER_PREFIX = os.environ.get("LMS_CERTIFICATE_NUMBER_PREFIX", "I3")
CERTIFICATE_SIGNING_KEY = os.environ.get("LMS_CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_KEY_FILE = os.environ.get("LMS_CERTIFICATE_SIGNING_KEY_FILE", "")
# Public keys (PEM blocks) the site signed with before a key rotation: certificates signed with them still verify.
CERTIFICATE_RETIRED_PUBLIC_KEYS = os.environ.get("LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS", "")
CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE = os.environ.get("LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE", "")
# Processes used to render certificates in bulk (None: one per core).
CERTIFICATE_RENDER_PROCESSES = int(os.environ["LMS_CERTIFICATE_RENDER_PROCESSES"]) if os.environ.get(
    "LMS_CERTIFICATE_RENDER_PROCESSES") else None
# Runs issuing more certificates than this hand their rendering to tasks of this many certificates each, which
# any worker (on this machine or another) takes; smaller runs render in the worker that numbered them.
CERTIFICATE_SEAL_CHUNK = int(os.environ.get("LMS_CERTIFICATE_SEAL_CHUNK", "250"))

# Personal data: the answers and access needs given with a registration are anonymised this many months after the
# event ended (participants.services.anonymise_old_registrations, run by run_periodic); the counts stay.
PERSONAL_DATA_RETENTION_MONTHS = int(os.environ.get("LMS_PERSONAL_DATA_RETENTION_MONTHS", "24"))

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("LMS_SITE_NAME", "Migrant Information Service — Training")
WAGTAILADMIN_BASE_URL = os.environ.get("LMS_BASE_URL", "http://127.0.0.1:8000")
# The admin's own language choice offers the languages the platform's strings are translated into.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Wagtail's database backend, taking any text on SQLite too (lms/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lms.search"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Avatars from gravatar.com would send a hash of every staff member's e-mail address abroad with each admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Accounts (django-allauth): e-mail login with mandatory verification.
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "lms.adapters.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lms.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Nobody learns from the site whether an address has an account: signing up with a taken address shows the same
# "check your mailbox" page and mails the owner instead (account_already_exists), a password reset says the same for
# any address (an unknown one is told it has no account), and login failures do not say which part was wrong.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Limits per IP, per e-mail address ("key") or per user; exceeding one gives a 429 page.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
}
# Behind a proxy (the usual deployment) every request comes from the proxy's address, so the rate limits (allauth's and
# ours, lms.security.client_address) read the visitor's address from what the proxy adds: the entry this many proxies
# from the end of X-Forwarded-For, or a header the proxy sets (e.g. X-Real-IP). Unset, both headers are ignored, since
# anyone can send them.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("LMS_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("LMS_TRUSTED_CLIENT_IP_HEADER") or None
# Two-factor authentication (allauth.mfa), offered on the profile page to staff and editors.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("LMS_SITE_NAME", "LMS")
LOGIN_URL = "account_login"
# The admin signs people in through allauth too: Wagtail's own form would skip the second factor.
WAGTAILADMIN_LOGIN_URL = "account_login"
# So do pages restricted to signed-in people or to groups (Wagtail sends visitors to its own form otherwise).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"

DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "szkolenia@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
EMAIL_FILE_PATH = VAR_DIR / "mail"

# The cache holds the rate limits (login, sign-up, page actions). Each process has its own unless a shared one is
# configured, e.g. django.core.cache.backends.db.DatabaseCache with LOCATION lms_cache (then run
# `manage.py createcachetable`), which several app servers must share for the limits to hold.
if os.environ.get("LMS_CACHE_BACKEND"):
    CACHES = {"default": {"BACKEND": os.environ["LMS_CACHE_BACKEND"],
                          "LOCATION": os.environ.get("LMS_CACHE_LOCATION", "")}}

# Background work goes through the Tasks API; production runs the database backend with a worker.
TASKS = {"default": {"BACKEND": os.environ.get("LMS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# BigBlueButton (events/bbb.py): a BBB server, a Scalelite/bbblb load balancer, or the development stand-in.
BBB_URL = os.environ.get("BBB_URL", "")
BBB_SECRET = os.environ.get("BBB_SECRET", "")
BBB_CHECKSUM_ALGORITHM = os.environ.get("BBB_CHECKSUM_ALGORITHM", "sha1")
# A load balancer (Scalelite, bbblb) sends people joining on to one of its BBB servers; the browser only
# follows that redirect to origins listed here (e.g. "https://*.bbb.example.gov.pl").
BBB_SERVER_ORIGINS = env_list("BBB_SERVER_ORIGINS")
# Webinar rooms open this long before the start; the meeting is created a little earlier still.
BBB_JOIN_OPENS_MINUTES = 15
# Registration attempts per signed-in person per minute (register, cancel, enrol, join), and from one client address
# (lms.security.client_address), which the people of one office behind its router share.
LMS_ACTION_RATE_PER_MINUTE = 20
LMS_ACTION_RATE_PER_ADDRESS_PER_MINUTE = int(os.environ.get("LMS_ACTION_RATE_PER_ADDRESS_PER_MINUTE", "120"))
# E-mail domains of the office's own staff (e.g. "uw.example.gov.pl"): a verified address there confirms an
# account as office staff for internal events, as membership of the "Office staff" group does.
LMS_STAFF_EMAIL_DOMAINS = [domain.lower().lstrip("@") for domain in env_list("LMS_STAFF_EMAIL_DOMAINS")]
BBB_CREATE_AHEAD_MINUTES = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LMS_LOG_LEVEL", "INFO")},
    # Both log every task and page action at INFO, which drowns what matters.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint reports each rendering step, pikepdf its start-up.
        "weasyprint": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
