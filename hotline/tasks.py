"""Celery tasks of the hotline app: thin wrappers around hotline.reminders."""

from celery import shared_task

from .reminders import run_reminder_pass


@shared_task(name="hotline.send_call_reminders")
def send_call_reminders() -> dict[str, int]:
    """Run by Celery beat every CALL_REMINDER_INTERVAL_SECONDS (CELERY_BEAT_SCHEDULE in zhanpu/settings.py)."""
    return run_reminder_pass()
