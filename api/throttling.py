"""How often the API answers one caller: per key for keyed calls
(API_KEY_RATE, default 600 an hour), per client address for anonymous ones
(API_ANONYMOUS_RATE, default 120 an hour; the address as core.client_address
reads it, so CLIENT_ADDRESS_HEADER counts behind a proxy). Signed-in sessions
are people in a browser, and are not limited. A rate is "<count>/<second,
minute, hour or day>"; None turns its limit off.

The counts live in Django's default cache. With the local-memory cache each
server process counts on its own, so three gunicorn workers allow up to three
times the rate; a shared cache (the database cache) counts once."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.client_address import client_address

from .models import ApiKey

DEFAULT_RATES = {"API_KEY_RATE": "600/hour", "API_ANONYMOUS_RATE": "120/hour"}


class _SettingsRateThrottle(SimpleRateThrottle):
    """Reads its rate from settings on every request, so that a changed
    setting (override_settings in a test) takes effect; DRF's own throttles
    read DEFAULT_THROTTLE_RATES once, at import."""

    setting = ""

    def get_rate(self):
        return getattr(settings, self.setting, DEFAULT_RATES[self.setting])


class KeyRateThrottle(_SettingsRateThrottle):
    scope = "api_key"
    setting = "API_KEY_RATE"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonymousRateThrottle(_SettingsRateThrottle):
    scope = "api_anonymous"
    setting = "API_ANONYMOUS_RATE"

    def get_cache_key(self, request, view):
        if request.auth is not None or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}
