"""Production: served by gunicorn behind a TLS-terminating proxy, static files
by whitenoise. Refuses to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .common import *  # noqa: F403
from .common import env_bool, env_email_address, env_list, env_site_url


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) for production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS])

# TLS ends at the proxy in front of gunicorn, which says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Keep connections open between requests; each gunicorn worker holds one.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405

# whitenoise serves the collected static files from gunicorn; in development
# runserver serves them from the apps and static/.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email goes out through SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS or
# EMAIL_USE_SSL, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_TIMEOUT: common.py).
# Links in emails and the sender's address default to the first allowed host.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
_HOST = ALLOWED_HOSTS[0].lstrip(".")
if "*" not in _HOST:
    SITE_URL = env_site_url("SITE_URL", f"https://{_HOST}")
    DEFAULT_FROM_EMAIL = env_email_address("DEFAULT_FROM_EMAIL", f"Action Plan Tracker <no-reply@{_HOST}>")
else:
    SITE_URL = env_site_url("SITE_URL", _required("SITE_URL"))
    DEFAULT_FROM_EMAIL = env_email_address("DEFAULT_FROM_EMAIL", _required("DEFAULT_FROM_EMAIL"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Admins, who import and change everything, sign in with a second factor.
ADMIN_TWO_FACTOR_REQUIRED = env_bool("ADMIN_TWO_FACTOR_REQUIRED", True)

# One cache shared by every gunicorn worker and machine, in the database (create
# its table once with `manage.py createcachetable`): the API's throttles count
# per key and per address across workers, not per process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
