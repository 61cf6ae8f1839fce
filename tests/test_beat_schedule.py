"""Celery beat's schedule lives in django-celery-beat's tables, where the admin edits it (README, "Background
work"); a restart of beat (a deploy, a reboot) must keep those edits and only add the entries that are missing."""

import pytest
from celery.utils.imports import symbol_by_name
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from zhanpu.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """The scheduler recycles database connections between its reads (close_old_connections): inside a test's
    transaction the connection's autocommit differs from the settings', so on PostgreSQL that would close the test's
    own connection. Beat's own process has no such transaction."""
    monkeypatch.setattr("django_celery_beat.schedulers.close_old_connections", lambda: None)


def _start_beat():
    """What `celery beat` does on start: build the configured scheduler, which syncs CELERY_BEAT_SCHEDULE into the
    tables and reads its schedule from them."""
    return symbol_by_name(app.conf.beat_scheduler)(app=app)


def _every_ten_minutes():
    return IntervalSchedule.objects.get_or_create(every=600, period=IntervalSchedule.SECONDS)[0]


def test_the_first_start_writes_every_entry_of_the_settings():
    scheduler = _start_beat()
    assert set(settings.CELERY_BEAT_SCHEDULE) <= set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.CELERY_BEAT_SCHEDULE) <= set(scheduler.schedule)
    visits = PeriodicTask.objects.get(name="visits-reminders")
    assert visits.interval.every == settings.CELERY_BEAT_SCHEDULE["visits-reminders"]["schedule"]


def test_an_interval_changed_in_the_admin_survives_a_restart_and_is_the_one_beat_runs():
    _start_beat()
    task = PeriodicTask.objects.get(name="visits-reminders")
    task.interval = _every_ten_minutes()  # the leadership changes it in the admin
    task.save()
    scheduler = _start_beat()
    assert PeriodicTask.objects.get(name="visits-reminders").interval.every == 600
    assert scheduler.schedule["visits-reminders"].schedule.run_every.total_seconds() == 600


def test_a_task_switched_off_in_the_admin_stays_off_after_a_restart():
    _start_beat()
    PeriodicTask.objects.filter(name="hotline-call-reminders").update(enabled=False)
    scheduler = _start_beat()
    assert not PeriodicTask.objects.get(name="hotline-call-reminders").enabled
    assert "hotline-call-reminders" not in scheduler.schedule


def test_an_entry_missing_from_the_tables_is_created_on_restart():
    _start_beat()
    PeriodicTask.objects.filter(name="registry-load-holidays").delete()  # new in a release, or deleted in the admin
    task = PeriodicTask.objects.get(name="visits-reminders")
    task.interval = _every_ten_minutes()
    task.save()
    scheduler = _start_beat()
    holidays = PeriodicTask.objects.get(name="registry-load-holidays")
    assert holidays.task == "registry.load_coming_holidays" and holidays.enabled
    assert holidays.interval.every == settings.CELERY_BEAT_SCHEDULE["registry-load-holidays"]["schedule"]
    assert "registry-load-holidays" in scheduler.schedule
    assert PeriodicTask.objects.get(name="visits-reminders").interval.every == 600  # the others are left alone
