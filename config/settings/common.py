import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_positive_int(name: str, default: int) -> int:
    """A whole number of at least 1, or the site refuses to start and names the variable."""
    value = (os.environ.get(name) or str(default)).strip()
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def env_yes_no(name: str, default: bool) -> bool:
    """A switch that must say yes or no: a typing mistake in, say, EMAIL_USE_TLS
    must not quietly send email in the clear."""
    value = (os.environ.get(name) or "").strip().lower()
    if value in {"", "1", "true", "yes", "on", "0", "false", "no", "off"}:
        return env_bool(name, default)
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true or false), not {value!r}.")


def env_email_address(name: str, default: str) -> str:
    """An email address, optionally with a name: "Plans <plans@example.org>"."""
    value = (os.environ.get(name) or default).strip()
    if "@" not in parseaddr(value)[1]:
        raise ImproperlyConfigured(f"{name} must be an email address, like plans@example.org, not {value!r}.")
    return value


def env_site_url(name: str, default: str) -> str:
    """The address of the site, like https://plans.example.org, without a trailing slash."""
    value = (os.environ.get(name) or default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name} must be the site's address, like https://plans.example.org, not {value!r}.")
    return value


SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-development-only-never-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "plans",
    "actions",
    "progress",
    "indicators",
    "dashboards",
    "imports",
    "reminders",
    "public_pages",
    "api",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends a session idle too long or open too long (SESSION_IDLE_SECONDS,
    # SESSION_COOKIE_AGE); before anything else reads the user.
    "core.sessions.SessionTimeoutMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    # Admins sign in with a second factor where ADMIN_TWO_FACTOR_REQUIRED is on.
    "core.two_factor.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # ETag and Last-Modified on the API's answers, 304 to a conditional request.
    "api.conditional.ConditionalGetMiddleware",
    "core.headers.SecurityHeadersMiddleware",
    "core.access.SignInRequiredMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with our page.
    "axes.middleware.AxesMiddleware",
]

# Object-level permissions (who may see or change which plan, action or
# update) are rules in each app's rules.py; Django's model permissions still
# apply in the admin.
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.navigation.navigation",
                "core.sessions.session_timeout",
            ],
        },
    },
]
# Forms render as GOV.UK form groups (core/forms.py); the renderer loads
# templates as above, Django's own form templates through "django.forms".
FORM_RENDERER = "core.forms.GovukFormRenderer"

# SQLite needs no set-up; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# Each request is one transaction: a page that fails part-way writes nothing.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# PostgreSQL's JIT compiles every query whose estimated cost passes a threshold;
# the dashboards' per-action subqueries inflate those estimates, so each heavy
# page paid 100-820 ms of compiling per query for queries that run in less.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background jobs (django-tasks, the backport of Django 6's django.tasks)
# The queue is a table in the project's own database, so `make run` on SQLite
# needs no other server, and in production any number of `manage.py db_worker`
# processes on any number of machines share the PostgreSQL queue. README,
# "Background jobs", says how to move to the RQ backend (Redis) instead.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job's progress is written on a connection of its own, committed at once,
# so the page sees "1,500 of 10,000 rows" while the job's one big transaction
# is still open. Only on PostgreSQL: SQLite lets one connection write at a time,
# so there progress waits for the import's own transaction (imports/services.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["progress"] = {**DATABASES["default"], "ATOMIC_REQUESTS": False, "TEST": {"MIRROR": "default"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # which routes each role to its own first page
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# `loaddata council_plans` finds the five plans here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Spreadsheet imports: the largest file, the most rows and columns, and how far a zipped
# workbook (.xlsx, .ods) may expand when opened.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024)))
# A preview not confirmed within this many hours expires (`expire_imports`).
IMPORT_PREVIEW_EXPIRES_HOURS = int(os.environ.get("IMPORT_PREVIEW_EXPIRES_HOURS", "24"))

# Browser features the product never uses, turned off on every response.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    ]
)  # fmt: skip

# --- Security (README, "Security"). Each block below belongs to one concern.

# Sign-in throttling (django-axes), as the NCSC advises: after this many failed
# sign-ins for one username from one address, or from one address whatever the
# username, sign-in is refused for AXES_COOLOFF_MINUTES, never for ever. The
# address's limit is higher: a whole council office may sign in from one address.
# core/lockout.py applies the two limits and shows when the lock ends.
AXES_FAILURE_LIMIT = env_positive_int("AXES_FAILURE_LIMIT", 10)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_positive_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "core.lockout.SignInThrottle"
# Trying again while locked out does not push the end of the lock back, so the
# time the page shows holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in forgets that user's failures from that address.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.locked_out"
# The client's address comes from REMOTE_ADDR unless a proxy header is named
# here (e.g. HTTP_X_FORWARDED_FOR behind one trusted proxy); see core/client_address.py.
CLIENT_ADDRESS_HEADER = os.environ.get("CLIENT_ADDRESS_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
AXES_VERBOSE = False  # no banner on every command and server start

# The password-reset page sends at most PASSWORD_RESET_LIMIT emails to one
# email address, and takes at most PASSWORD_RESET_ADDRESS_LIMIT requests from
# one client address, in PASSWORD_RESET_WINDOW_MINUTES (core/password_reset.py).
PASSWORD_RESET_LIMIT = env_positive_int("PASSWORD_RESET_LIMIT", 5)
PASSWORD_RESET_ADDRESS_LIMIT = env_positive_int("PASSWORD_RESET_ADDRESS_LIMIT", 20)
PASSWORD_RESET_WINDOW = timedelta(minutes=env_positive_int("PASSWORD_RESET_WINDOW_MINUTES", 60))

# Sessions: at most SESSION_COOKIE_AGE after signing in, ended sooner after
# SESSION_IDLE_SECONDS without a request; a page with a form warns
# SESSION_WARNING_SECONDS before an idle session ends (WCAG 2.2.1).
# Enforced by core/sessions.py; SESSION_SAVE_EVERY_REQUEST stays off (see there).
SESSION_COOKIE_AGE = env_positive_int("SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_IDLE_SECONDS = env_positive_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_WARNING_SECONDS = env_positive_int("SESSION_WARNING_SECONDS", 5 * 60)
if SESSION_WARNING_SECONDS >= SESSION_IDLE_SECONDS:
    raise ImproperlyConfigured(
        f"SESSION_WARNING_SECONDS ({SESSION_WARNING_SECONDS}) must be less than "
        f"SESSION_IDLE_SECONDS ({SESSION_IDLE_SECONDS})."
    )
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # a browser-session cookie: closing the browser signs out
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# A second factor (TOTP, django-otp) for admins, who import and change everything
# (core/two_factor.py). Off here so the demo users sign in with a password; on in prod.
ADMIN_TWO_FACTOR_REQUIRED = env_bool("ADMIN_TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "Action Plan Tracker"  # the name the authenticator app shows
# After n wrong codes in a row no code is checked for this × 2^(n-1) seconds.
OTP_TOTP_THROTTLE_FACTOR = 1

# Content-Security-Policy (django-csp): nothing but our own files, no inline
# script, never framed, forms post only to us. CSP_REPORT_ONLY=1 reports
# without enforcing (for trying a change on a live site).
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# The reporting rules' numbers, each named once. An update "due soon" falls due
# within this many days; the dashboard's "changes since" defaults to this many
# days before its day, and an open action is "stale" after this many days
# without an update.
UPDATE_DUE_SOON_DAYS = int(os.environ.get("UPDATE_DUE_SOON_DAYS", "30"))
DASHBOARD_CHANGES_SINCE_DAYS = int(os.environ.get("DASHBOARD_CHANGES_SINCE_DAYS", "90"))
DASHBOARD_STALE_AFTER_DAYS = int(os.environ.get("DASHBOARD_STALE_AFTER_DAYS", "180"))
# The dashboards' figures are kept in the cache, keyed on a version that every
# write moves on (dashboards/cache.py); DASHBOARD_CACHE=0 builds them on every request.
DASHBOARD_CACHE = env_bool("DASHBOARD_CACHE", True)
# Where a plan's updates need no approval, their author may still correct or
# withdraw an update for this many hours after posting it.
UPDATE_CORRECTION_HOURS = int(os.environ.get("UPDATE_CORRECTION_HOURS", "24"))

# --- Email (README, "Email"): reminders and password resets. Development
# prints each email in the console; production sends through SMTP
# (prod.py makes it the default), to the server named here.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_positive_int("EMAIL_PORT", 25)
if EMAIL_PORT > 65535:
    raise ImproperlyConfigured(f"EMAIL_PORT must be a port number (1 to 65535), not {EMAIL_PORT}.")
EMAIL_USE_TLS = env_yes_no("EMAIL_USE_TLS", False)  # STARTTLS after connecting, usually on port 587
EMAIL_USE_SSL = env_yes_no("EMAIL_USE_SSL", False)  # TLS from the start, usually on port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# Seconds to wait for the mail server before giving up, so a dead server
# cannot hold a reminder run (or a password-reset page) for ever.
EMAIL_TIMEOUT = env_positive_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_email_address("DEFAULT_FROM_EMAIL", "Action Plan Tracker <action-plan-tracker@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people reach it, for links in emails (no request to take it from).
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")

# --- Reminders (README, "Reminders"). An action late by more than
# ESCALATE_AFTER_DAYS is escalated to its organisation's lead officers. The
# scheduler (`manage.py run_schedule`) queues a run every REMINDERS_EVERY_MINUTES;
# a run sends nothing before REMINDERS_FROM_HOUR o'clock (local time), so the
# day's digests count the updates posted first thing.
ESCALATE_AFTER_DAYS = env_positive_int("ESCALATE_AFTER_DAYS", 14)
# Updates awaiting approval for more than this many days are listed in the
# digest of the lead officers who may approve them (reminders/approvals.py).
APPROVAL_REMINDER_AFTER_DAYS = env_positive_int("APPROVAL_REMINDER_AFTER_DAYS", 3)
REMINDERS_EVERY_MINUTES = env_positive_int("REMINDERS_EVERY_MINUTES", 15)
REMINDERS_FROM_HOUR = int(os.environ.get("REMINDERS_FROM_HOUR", "7"))
if not 0 <= REMINDERS_FROM_HOUR <= 23:
    raise ImproperlyConfigured(f"REMINDERS_FROM_HOUR must be an hour (0 to 23), not {REMINDERS_FROM_HOUR}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


# The read-only API (/api/v1/, README "API"). Settings the api app's own
# modules refine: authentication (sessions and API keys), throttles, pagination.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The key first, so that a refused key answers 401 rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.KeyRateThrottle", "api.throttling.AnonymousRateThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Action Plan Tracker API",
    "DESCRIPTION": "Read-only access to published action plans, their actions, progress and indicator figures.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "plans.models.Plan.Status",
        "ActionStatusEnum": "actions.choices.Status",
        "IndicatorStatusEnum": "indicators.status.IndicatorStatus",
    },
}

# Requests an API key, or an address without one, may make (README, "API").
API_KEY_RATE = os.environ.get("API_KEY_RATE", "600/hour")
API_ANONYMOUS_RATE = os.environ.get("API_ANONYMOUS_RATE", "120/hour")
