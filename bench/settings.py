"""Benchmark settings: the portal's own settings (from the environment, DEBUG off) plus the floor views.

Static files use the plain storage: pages are timed without serving static files, and the manifest storage
would need `collectstatic` to succeed first (see bench/README.md)."""

from zhanpu.settings import *  # noqa: F403
from zhanpu.settings import BASE_DIR, STORAGES, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
