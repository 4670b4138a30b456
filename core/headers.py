"""Response headers every page carries.

- Signed-in pages and downloads are never stored by the browser or a proxy
  (`Cache-Control: private, no-store`): on a shared council computer, the
  back button after signing out must not show another officer's actions.
- A Permissions-Policy turns off the browser features the product never
  uses, so that nothing injected into a page could use them either.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
