"""Writes to the access log. Call `log_access` from every view that shows, exports or searches personal data."""

from collections.abc import Iterable

from .models import AccessLog


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def log_access(request, *, action: str, object_type: str = "", ids: Iterable = (), detail: str = "") -> AccessLog:
    """Record that `request.user` performed `action` (an AccessLog.Action) on objects `ids` of `object_type`."""
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        ip=client_ip(request),
        action=action,
        object_type=object_type,
        object_ids=[int(pk) for pk in ids],
        detail=detail[:300],
    )


def reveal_response(request, *, value: str, object_type: str, pk: int, field: str, tel: bool = False):
    """The one way to show a full identifier: log the REVEAL, answer the value as an HTML fragment for htmx to swap
    in (never cached). `tel`: a phone number, answered as a link that dials it on a phone."""
    from django.http import HttpResponse
    from django.utils.cache import add_never_cache_headers
    from django.utils.html import format_html

    from .models import AccessLog

    log_access(request, action=AccessLog.Action.REVEAL, object_type=object_type, ids=[pk], detail=field)
    fragment = format_html('<a href="tel:{0}">{0}</a>', value) if tel and value else format_html("{}", value)
    response = HttpResponse(fragment)
    add_never_cache_headers(response)
    return response
