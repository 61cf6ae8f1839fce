"""Celery tasks of the registry app: thin wrappers around registry.services_work and registry.task_reminders."""

from celery import shared_task

from . import services_work, task_reminders


@shared_task(name="registry.load_coming_holidays")
def load_coming_holidays() -> dict[str, int]:
    """Run by Celery beat every HOLIDAY_LOAD_INTERVAL_SECONDS, default daily (CELERY_BEAT_SCHEDULE in
    zhanpu/settings.py). Returns {year: periods loaded} for the years it had to load (JSON keys are strings)."""
    return {str(year): count for year, count in services_work.load_coming_holidays().items()}


@shared_task(name="registry.send_task_reminders")
def send_task_reminders() -> dict[str, int]:
    """Run by Celery beat every TASK_REMINDER_INTERVAL_SECONDS, default hourly (CELERY_BEAT_SCHEDULE)."""
    return task_reminders.run_reminder_pass()
