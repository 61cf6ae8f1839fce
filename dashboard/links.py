"""Links from a figure to the filtered list behind it, in the other apps' list pages."""

from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=64)
def _base(name: str, prefix: str) -> str:
    """`prefix` (the script prefix reverse() uses) is only part of the cache key."""
    return reverse(name)


def list_url(name: str, **params) -> str:
    """`reverse(name)` with the non-empty `params` as a query string (reversed once: a page links hundreds of
    figures to the same few lists)."""
    base = _base(name, get_script_prefix())
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")}, doseq=True)
    return f"{base}?{query}" if query else base
