"""Celery tasks of the registry app: thin wrappers around registry.services_work."""

from celery import shared_task

from . import services_work


@shared_task(name="registry.load_coming_holidays")
def load_coming_holidays() -> dict[str, int]:
    """Run by Celery beat every HOLIDAY_LOAD_INTERVAL_SECONDS, default daily (CELERY_BEAT_SCHEDULE in
    zhanpu/settings.py). Returns {year: periods loaded} for the years it had to load (JSON keys are strings)."""
    return {str(year): count for year, count in services_work.load_coming_holidays().items()}
