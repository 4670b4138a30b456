"""Placeholder: filled in by issue 9's work."""


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")
