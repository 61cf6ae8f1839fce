"""Celery tasks of the cases app: thin wrappers around cases.reminders."""

from celery import shared_task

from .reminders import run_reminder_pass


@shared_task(name="cases.send_referral_reminders")
def send_referral_reminders() -> dict[str, int]:
    """Run by Celery beat every REFERRAL_REMINDER_INTERVAL_SECONDS (CELERY_BEAT_SCHEDULE in zhanpu/settings.py)."""
    return run_reminder_pass()
