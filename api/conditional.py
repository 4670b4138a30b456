"""Conditional GETs: every successful API GET carries an ETag and a
Last-Modified, and a request that already holds that version is answered
304 Not Modified with no body.

- The ETag is a hash of the rendered body, so it is right whatever made the
  body change: an edit, a deletion, a new day turning actions overdue, or a
  key's scope. The cost: the body is still built and hashed (SHA-256, about
  2 ms a megabyte); a 304 saves the transfer, not the queries.
- Last-Modified is when this URL first answered this body to this reader,
  remembered in the cache beside the ETag. When the body changes the time
  moves on, always at least a second past the one before, so no two versions
  of one URL for one reader share a Last-Modified. If-Modified-Since is
  answered 304 only if it is exactly the Last-Modified of the current
  version (clients send back the one they were given); any other date is
  answered in full, which HTTP always allows. A forgotten entry (evicted, or
  another server process's local cache) only costs a full answer.
- If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).

Responses say `Cache-Control: no-cache` (store, but ask again each time)
and, for keyed or signed-in callers, `private`: a shared proxy must never
hand one partner's answer to another.

Installed as middleware (api.conditional.ConditionalGetMiddleware); it
touches only DRF responses, which only the API makes."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.response import Response

# How long the cache remembers when a version was first served.
MEMORY_SECONDS = 30 * 24 * 3600
KEPT_ON_304 = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Location", "Expires")


class ConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, Response):
            return conditional_response(request, response)
        return response


def conditional_response(request, response):
    """The response with its validators, or a 304 if the caller holds it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    if not getattr(response, "is_rendered", True):
        response.render()
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    since = _first_served(_reader_url(request, response), etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(since)
    private = getattr(request, "auth", None) is not None or request.user.is_authenticated
    patch_cache_control(response, no_cache=True, **({"private": True} if private else {}))
    patch_vary_headers(response, ("Accept", "Authorization", "X-API-Key", "Cookie"))
    if _holds(request, etag, since):
        not_modified = HttpResponseNotModified()
        for header in KEPT_ON_304:
            if header in response:
                not_modified[header] = response[header]
        not_modified.cookies = response.cookies
        return not_modified
    return response


def _holds(request, etag: str, since: int) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        held = parse_etags(if_none_match)
        # Weak comparison: a W/ prefix is a version of the same body.
        return "*" in held or etag in {tag.removeprefix("W/") for tag in held}
    if_modified_since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return if_modified_since is not None and if_modified_since == since


def _reader_url(request, response) -> str:
    """This URL as this reader sees it: the same URL answers a key, a person
    and an anonymous caller differently, and JSON and CSV differently."""
    auth = getattr(request, "auth", None)
    if auth is not None:
        reader = f"key:{auth.pk}"
    elif request.user.is_authenticated:
        reader = f"user:{request.user.pk}"
    else:
        reader = "anonymous"
    media_type = getattr(response, "accepted_media_type", "") or response.get("Content-Type", "")
    text = f"{reader}|{media_type}|{request.get_full_path()}"
    return "api-version:" + hashlib.sha256(text.encode()).hexdigest()


def _first_served(url_key: str, etag: str) -> int:
    """When this reader's URL first answered this body (seconds since the epoch)."""
    remembered = cache.get(url_key)
    if remembered and remembered[0] == etag:
        return remembered[1]
    now = int(timezone.now().timestamp())
    # A second past the last version even if that is a second ahead of the
    # clock (two versions within one second): a shared date would be a wrong 304.
    since = max(now, remembered[1] + 1) if remembered else now
    cache.set(url_key, (etag, since), MEMORY_SECONDS)
    return since
