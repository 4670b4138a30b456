"""The address a request came from, which sign-in throttling (django-axes'
AXES_CLIENT_IP_CALLABLE) and the password-reset limit count against.

REMOTE_ADDR is the address that connected to us. Behind a reverse proxy that is
the proxy, so the operator names the header the proxy writes the client's
address into (CLIENT_ADDRESS_HEADER). No header is read otherwise: a client can
send any header it likes, and a forged address would let it dodge every limit."""

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str | None:
    """The client's address, in canonical form; None if there is no valid one.

    X-Forwarded-For is a list that every proxy appends to, so only its last
    entry, written by our own proxy, is trusted; the ones before it are
    whatever the client sent. A single-address header (X-Real-IP) is its own
    last entry. A missing or malformed value falls back to REMOTE_ADDR."""
    header = _meta_key(settings.CLIENT_ADDRESS_HEADER)
    if header:
        forwarded = _valid(request.META.get(header, "").split(",")[-1])
        if forwarded:
            return forwarded
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _meta_key(header: str) -> str:
    """The request.META key for a header named either way: "X-Forwarded-For"
    or "HTTP_X_FORWARDED_FOR"."""
    key = header.strip().upper().replace("-", "_")
    if key and key != "REMOTE_ADDR" and not key.startswith("HTTP_"):
        key = f"HTTP_{key}"
    return key


def _valid(value: str) -> str | None:
    try:
        address = ip_address(value.strip())
    except ValueError:
        return None
    # An IPv6 zone ("fe80::1%eth0") names one of our own network links: no client's address.
    return None if getattr(address, "scope_id", None) else str(address)
