"""Celery tasks of the visits app: thin wrappers around visits.reminders."""

from celery import shared_task

from .reminders import run_reminder_pass


@shared_task(name="visits.send_visit_reminders")
def send_visit_reminders() -> dict[str, int]:
    """Run by Celery beat every VISIT_REMINDER_INTERVAL_SECONDS (CELERY_BEAT_SCHEDULE in zhanpu/settings.py)."""
    return run_reminder_pass()
