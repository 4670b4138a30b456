"""API keys in requests: `Authorization: Bearer apt_…` or `X-API-Key: apt_…`.

A keyed request is nobody signed in: `request.user` stays anonymous and
`request.auth` is the ApiKey, which api/access.py reads to widen what the
caller reads to the key's scope. So any code that forgets the key shows the
key's caller only the public plans: less, never more.

List this class first in DEFAULT_AUTHENTICATION_CLASSES, before
SessionAuthentication: DRF answers a refused key with 401 and a
WWW-Authenticate header only when the first class names a scheme."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from plans.models import long_date

from .models import ApiKey


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        key = self._key_in(request)
        if key is None:
            return None  # no key: a session, or an anonymous caller
        api_key = ApiKey.find(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed("This API key is not known. Check that it was copied whole.")
        if api_key.is_revoked:
            raise exceptions.AuthenticationFailed("This API key was revoked. Ask an admin for a new one.")
        now = timezone.now()
        if api_key.is_expired(now):
            expired_on = long_date(timezone.localdate(api_key.expires_at))
            raise exceptions.AuthenticationFailed(f"This API key expired on {expired_on}. Ask an admin for a new one.")
        api_key.note_use(now)
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'

    def _key_in(self, request) -> str | None:
        """The key the request carries, or None if it carries none."""
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if header and header[0].lower() == self.keyword.lower():
            if len(header) != 2:
                raise exceptions.AuthenticationFailed("Send the key as `Authorization: Bearer <key>`.")
            return header[1]
        key = request.META.get("HTTP_X_API_KEY", "").strip()
        return key or None
