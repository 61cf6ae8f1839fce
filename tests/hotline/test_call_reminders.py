"""Calls past their follow-up time: the operators are reminded, then the station; once each; never lost."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hotline import reminders
from hotline.models import CallReminder, HotlineCall
from hotline.reminders import record_overdue_calls, run_reminder_pass, send_unsent_reminders
from hotline.services import record_callback, update_call
from hotline.tasks import send_call_reminders
from registry import outbox
from registry.models import Notification

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(hotline_user, station_user, director_a, police_user):
    for user in (hotline_user, station_user, director_a, police_user):
        user.email = f"{user.username}@zhanpu.local"
        user.save()
    return {"hotline": hotline_user, "station": station_user, "director_a": director_a, "police": police_user}


def _call(people, *, due_hours_ago: float, **fields) -> HotlineCall:
    """An open urgent call whose follow-up time passed `due_hours_ago` hours ago."""
    due = timezone.now() - dt.timedelta(hours=due_hours_ago)
    return CallFactory(operator=people["hotline"], urgency=HotlineCall.Urgency.URGENT, follow_up_due=due,
                       received_at=due - dt.timedelta(hours=2), caller_phone="13655557777", **fields)


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_operators_are_reminded_once_when_the_follow_up_time_passes(
    people, child_a, django_capture_on_commit_callbacks
):
    call = _call(people, due_hours_ago=2, child=child_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminder_pass() == {"recorded": 1, "sent": 1}
    note = Notification.objects.get(recipient=people["hotline"])
    assert note.title == f"来电跟进逾期提醒：来电 {call.pk}"
    assert "紧急（当日）" in note.body and "已逾期 2 小时" in note.body
    assert note.url == reverse("hotline:detail", args=[call.pk])
    for secret in ("13655557777", child_a.name):  # neither the caller nor the child leaves by e-mail
        assert secret not in note.title + note.body + mail.outbox[0].subject + mail.outbox[0].body
    assert [message.to for message in mail.outbox] == [["hotline@zhanpu.local"]]
    assert not _titles(people["station"]) and not _titles(people["director_a"]) and not _titles(people["police"])
    assert run_reminder_pass() == {"recorded": 0, "sent": 0}


def test_a_reminder_within_the_first_hour_says_less_than_an_hour_not_zero_hours(people):
    call = _call(people, due_hours_ago=0.25)
    run_reminder_pass()
    body = Notification.objects.get(recipient=people["hotline"]).body
    assert f"来电 {call.pk}" in body and "已逾期不到 1 小时" in body and "0 小时" not in body


def test_a_call_not_yet_due_reminds_nobody(people):
    _call(people, due_hours_ago=-1)
    assert run_reminder_pass() == {"recorded": 0, "sent": 0}


def test_the_station_is_told_after_the_escalation_hours(people, settings):
    settings.HOTLINE_REMINDER_HOURS = {1: 0, 2: 24}
    call = _call(people, due_hours_ago=3)
    run_reminder_pass()
    assert len(_titles(people["hotline"])) == 1 and not _titles(people["station"])
    run_reminder_pass(now=timezone.now() + dt.timedelta(hours=22))
    assert _titles(people["station"]) == [f"来电跟进逾期升级提醒：来电 {call.pk}"]
    assert len(_titles(people["hotline"])) == 1


def test_a_call_called_back_before_the_send_is_not_reminded_of(people):
    call = _call(people, due_hours_ago=1)
    record_overdue_calls()
    record_callback(call=call, version=call.version, by=people["hotline"], at=timezone.now(), result="已回访")
    assert send_unsent_reminders() == 0 and not Notification.objects.exists() and not CallReminder.objects.exists()


def test_a_call_whose_urgency_was_corrected_before_the_send_is_not_reminded_of(people):
    """Logged 紧急 by mistake 30 hours ago, corrected to 一般 (a week) before the reminder went out."""
    received = timezone.now() - dt.timedelta(hours=30)
    call = CallFactory(operator=people["hotline"], urgency=HotlineCall.Urgency.URGENT, received_at=received)
    assert call.is_overdue
    record_overdue_calls()
    call = update_call(call=call, by=people["hotline"], version=call.version, urgency=HotlineCall.Urgency.NORMAL)
    assert not call.is_overdue
    assert send_unsent_reminders() == 0 and not Notification.objects.exists() and not CallReminder.objects.exists()


def test_several_overdue_calls_make_one_notification_linking_the_follow_up_list(people):
    for _ in range(4):
        _call(people, due_hours_ago=1)
    run_reminder_pass()
    [note] = Notification.objects.filter(recipient=people["hotline"])
    assert "等 4 件" in note.title and note.url == reverse("hotline:followup")


def test_a_reminder_reads_in_english_for_an_operator_who_reads_english(people, client):
    people["hotline"].language = "en"
    people["hotline"].save()
    call = _call(people, due_hours_ago=1)
    run_reminder_pass()
    client.force_login(people["hotline"])
    page = client.get(reverse("registry:notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Call follow-up overdue: call {call.pk}" in page


def test_worker_dying_between_record_and_send_loses_nothing(people):
    _call(people, due_hours_ago=1)
    record_overdue_calls()
    assert CallReminder.objects.get().sent_at is None and not Notification.objects.exists()
    assert run_reminder_pass() == {"recorded": 0, "sent": 1}


def test_failure_while_sending_rolls_back_the_claim(people, monkeypatch):
    _call(people, due_hours_ago=1)

    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(outbox, "notify", broken)
    with pytest.raises(ConnectionError):
        run_reminder_pass()
    assert CallReminder.objects.get().sent_at is None
    monkeypatch.undo()
    assert send_unsent_reminders() == 1 and len(_titles(people["hotline"])) == 1


def test_database_refuses_a_duplicate_reminder(people):
    call = _call(people, due_hours_ago=1)
    CallReminder.objects.create(call=call, due=call.follow_up_due, level=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CallReminder.objects.create(call=call, due=call.follow_up_due, level=1)


def test_beat_runs_the_task_every_minute(people, settings):
    _call(people, due_hours_ago=1)
    assert send_call_reminders.delay().get() == {"recorded": 1, "sent": 1}
    entry = settings.CELERY_BEAT_SCHEDULE["hotline-call-reminders"]
    assert entry["task"] == "hotline.send_call_reminders" and entry["schedule"] <= 60


def test_overdue_query_is_a_bounded_range_on_the_follow_up_time():
    sql = str(reminders.crossed_threshold(1, now=timezone.now()).query)
    assert "follow_up_due" in sql and ">=" in sql and "<=" in sql


def test_the_call_page_shows_the_reminder_sent(client, people):
    call = _call(people, due_hours_ago=1)
    run_reminder_pass()
    client.force_login(people["hotline"])
    page = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert 'id="reminders-sent"' in page and "热线接线员（逾期）" in page
    client.force_login(people["director_a"])  # a child director does not browse the call ledger
    assert client.get(reverse("hotline:detail", args=[call.pk])).status_code in (403, 404)
