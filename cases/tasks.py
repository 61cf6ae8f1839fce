"""Celery tasks of the cases app: thin wrappers around cases.reminders and cases.reassessment."""

from celery import shared_task

from . import reassessment, reminders


@shared_task(name="cases.send_referral_reminders")
def send_referral_reminders() -> dict[str, int]:
    """Run by Celery beat every REFERRAL_REMINDER_INTERVAL_SECONDS (CELERY_BEAT_SCHEDULE in zhanpu/settings.py)."""
    return reminders.run_reminder_pass()


@shared_task(name="cases.send_reassessment_reminders")
def send_reassessment_reminders() -> dict[str, int]:
    """Run by Celery beat every REASSESSMENT_REMINDER_INTERVAL_SECONDS (CELERY_BEAT_SCHEDULE)."""
    return reassessment.run_reminder_pass()
