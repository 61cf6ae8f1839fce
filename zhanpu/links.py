"""Links built many times per page, reversed once: to a list with filters (the dashboard's figures) and to one
object (the rows of a list or a timeline)."""

from functools import lru_cache
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language


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


_PK = "2147483647"  # stands for the primary key in the URL reversed once


@lru_cache(maxsize=256)
def _object_pattern(name: str, prefix: str, language: str | None) -> str:
    """`prefix` and `language` (what reverse() depends on besides `name`) are only part of the cache key."""
    return reverse(name, args=[_PK])


def object_url(name: str, pk) -> str:
    """`reverse(name, args=[pk])` for a URL whose only argument is a primary key."""
    return _object_pattern(name, get_script_prefix(), get_language()).replace(_PK, str(pk))
