"""Körpü settings, read from environment variables.

The defaults are safe for production (DEBUG off, secure cookies, HSTS); a developer
sets KORPU_DEBUG=1 (``make run`` does). Everything an operator may change is listed in
docs/operators.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
# Data that must survive restarts (SQLite database, uploads) lives outside the package:
# in ./var of the source tree, or of the working directory for an installed package.
_SOURCE_TREE = (BASE_DIR / "pyproject.toml").exists()
DATA_DIR = Path(
    os.environ.get("KORPU_DATA_DIR", (BASE_DIR if _SOURCE_TREE else Path.cwd()) / "var")
)

DEBUG = env_bool("KORPU_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "korpu-insecure-development-key-do-not-use-in-production"
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or KORPU_DEBUG=1 for development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth so that our templates (the layout of the account pages) win.
    "korpu.common",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "korpu.directory",
    "korpu.programs",
    "korpu.events",
    "korpu.matchmaking",
    "korpu.transfer",
    "korpu.facilities",
    "korpu.insights",
    "korpu.webhooks",
    "korpu.privacy",
]

MIDDLEWARE = [
    # Outermost: a 500 caused by an unreachable database becomes a 503 with Retry-After.
    "korpu.common.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "korpu.urls"
WSGI_APPLICATION = "korpu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "korpu.common.context_processors.korpu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'korpu.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before reuse, so after a database restart the
        # next request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate-limit counters; sessions are in the database) -------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "directory.Person"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id for new and changed passwords; a PBKDF2 hash is upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "directory:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_SIGNUP_FORM_CLASS = "korpu.directory.forms.SignupNameForm"
ACCOUNT_ADAPTER = "korpu.directory.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # Failed logins: 10 a minute per IP address, 5 per 5 minutes per account.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Körpü] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("az", "Azərbaycanca"),
    ("tr", "Türkçe"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "korpu_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# User content entered per language: a missing translation falls back to the closest
# language (Azerbaijani and Turkish are close), then English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "az", "tr")
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en", "az", "tr"),
    "az": ("tr", "en"),
    "tr": ("az", "en"),
}

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KORPU_STATIC_ROOT", DATA_DIR / "static"))
# Uploads live outside the web root and are served by views that check permissions.
MEDIA_ROOT = Path(os.environ.get("KORPU_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
KORPU_MAX_IMAGE_BYTES = int(os.environ.get("KORPU_MAX_IMAGE_BYTES", 2 * 1024 * 1024))
KORPU_MAX_DOCUMENT_BYTES = int(os.environ.get("KORPU_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024))

# --- Mail: every message goes through the outbox table --------------------------------
# "default" only stores messages in the outbox, inside the caller's transaction;
# the outbox worker hands them to "delivery", the real server.
MAILERS = {
    "default": {"BACKEND": "korpu.common.mail.OutboxEmailBackend"},
    "delivery": {
        "BACKEND": os.environ.get(
            "KORPU_DELIVERY_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    },
}
if MAILERS["delivery"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["delivery"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": 30,
    }
elif MAILERS["delivery"]["BACKEND"].endswith("filebased.EmailBackend") or os.environ.get(
    "KORPU_MAIL_FILE_PATH"
):
    # One file per delivery connection (tests, the deployment check, staging servers).
    MAILERS["delivery"]["OPTIONS"] = {
        "file_path": os.environ.get("KORPU_MAIL_FILE_PATH", str(DATA_DIR / "mail"))
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Körpü <noreply@korpu.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
KORPU_OUTBOX_MAX_ATTEMPTS = 8
# Each app process wakes the mail worker at most once per this many seconds (a rush of
# registrations would otherwise queue a task per message); mail waits at most this long.
KORPU_OUTBOX_WAKE_SECONDS = float(os.environ.get("KORPU_OUTBOX_WAKE_SECONDS", "1"))

# --- Background work: Django's tasks API, stored in the database ---------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A task whose worker died is queued again (korpu.common.task_recovery): each worker
# looks every this many seconds (0: only when it starts), and gives up on a task after
# this many dead workers.
KORPU_TASK_RECOVERY_SECONDS = float(os.environ.get("KORPU_TASK_RECOVERY_SECONDS", "30"))
KORPU_TASK_MAX_ATTEMPTS = int(os.environ.get("KORPU_TASK_MAX_ATTEMPTS", "3"))

# Privacy (korpu.privacy.conf has the defaults): who runs this installation, where people
# write about their data, the notice in force, and retention days per data kind, e.g.
# KORPU_RETENTION="registration_answers=730,sent_mail=60" (0 keeps a kind for ever).
KORPU_PRIVACY_CONTROLLER = os.environ.get("KORPU_PRIVACY_CONTROLLER", "")
KORPU_PRIVACY_CONTACT = os.environ.get("KORPU_PRIVACY_CONTACT", "")
KORPU_PRIVACY_NOTICE_VERSION = os.environ.get("KORPU_PRIVACY_NOTICE_VERSION", "")
KORPU_RETENTION = {
    kind.strip(): int(days)
    for kind, _sep, days in (
        item.partition("=") for item in os.environ.get("KORPU_RETENTION", "").split(",")
    )
    if kind.strip()
}

# --- Security -------------------------------------------------------------------------
KORPU_HTTPS = env_bool("KORPU_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = KORPU_HTTPS
CSRF_COOKIE_SECURE = KORPU_HTTPS
SECURE_SSL_REDIRECT = KORPU_HTTPS and env_bool("KORPU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("KORPU_HSTS_SECONDS", 31536000 if KORPU_HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = KORPU_HTTPS
SECURE_HSTS_PRELOAD = KORPU_HTTPS
if env_bool("KORPU_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Rate limits count per client address: take it from X-Forwarded-For, trusting as
    # many proxies as there are in front of the app.
    ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("KORPU_PROXY_COUNT", "1"))
# Load balancers probe /healthz and monitoring probes /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^health/$"]
# /health/ reports "degraded" when the oldest task waiting for a worker is older than this.
KORPU_HEALTH_MAX_TASK_AGE = int(os.environ.get("KORPU_HEALTH_MAX_TASK_AGE", "300"))
# Webhooks: never to private, loopback or link-local addresses (a receiver must be on
# the public internet) unless this is on; the timeout of one delivery attempt; how long
# each process remembers which organisations have endpoints (new ones wait at most this).
KORPU_WEBHOOKS_ALLOW_PRIVATE = env_bool("KORPU_WEBHOOKS_ALLOW_PRIVATE", False)
KORPU_WEBHOOKS_TIMEOUT = float(os.environ.get("KORPU_WEBHOOKS_TIMEOUT", "10"))
KORPU_WEBHOOKS_REMEMBER_SECONDS = float(os.environ.get("KORPU_WEBHOOKS_REMEMBER_SECONDS", "5"))
# How long the insights dashboards keep computed KPIs (seconds; 0: compute every time).
# The page says when its figures were computed and lets the partners' admins recompute.
KORPU_INSIGHTS_CACHE_SECONDS = int(os.environ.get("KORPU_INSIGHTS_CACHE_SECONDS", "120"))
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Logging: to stderr, one JSON object a line with KORPU_LOG_FORMAT=json ---------------
# (journald or a log shipper then reads fields rather than parsing text).
KORPU_LOG_FORMAT = os.environ.get("KORPU_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if KORPU_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KORPU_LOG_LEVEL", "WARNING")},
}

KORPU_SITE_NAME = _("Körpü")
# The address people reach this site at: links in mail and calendars are built from it.
KORPU_SITE_URL = os.environ.get("KORPU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
