"""Links from a figure to the filtered list behind it, in the other apps' list pages."""

from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=4096)
def _url(name: str, prefix: str, params: tuple) -> str:
    """`prefix` (the script prefix reverse() uses) is only part of the cache key."""
    base = reverse(name)
    query = urlencode([(key, value) for key, value in params if value not in (None, "")])
    return f"{base}?{query}" if query else base


def list_url(name: str, **params) -> str:
    """`reverse(name)` with the non-empty `params` as a query string. Built once per list and parameters: a
    county-wide dashboard links thousands of figures to the same few lists, village by village."""
    return _url(name, get_script_prefix(), tuple(params.items()))
