"""Overdue referrals: the office is reminded, then the station; once per level and due date; never lost."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases import reminders
from cases.models import Referral, ReferralReminder
from cases.reminders import record_overdue_referrals, run_reminder_pass, send_unsent_reminders
from cases.services import accept_referral, complete_referral
from cases.tasks import send_referral_reminders
from registry import outbox
from registry.models import Notification, Office
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(police_user, school_user, station_user, director_a):
    for user in (police_user, school_user, station_user, director_a):
        user.email = f"{user.username}@zhanpu.local"
        user.save()
    return {"police": police_user, "school": school_user, "station": station_user, "director_a": director_a}


def _referral(child, *, due: dt.date, office="police", by=None) -> Referral:
    return Referral.objects.create(child=child, office=Office.objects.get(code=office), reason="监护缺失，请核查",
                                   due_date=due, referred_by=by)


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_office_is_reminded_once_the_day_after_the_due_date(
    people, child_a, today, django_capture_on_commit_callbacks
):
    referral = _referral(child_a, due=today - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        assert run_reminder_pass(today=today) == {"recorded": 1, "sent": 1}
    [title] = _titles(people["police"])
    assert title == f"帮扶转介逾期提醒：派出所 转介 {referral.pk}"
    note = Notification.objects.get(recipient=people["police"])
    assert note.url == reverse("cases:referral_detail", args=[referral.pk])
    assert "已逾期 1 天" in note.body and f"档案 {child_a.pk}" in note.body
    assert child_a.name not in note.title + note.body  # file numbers only: no name leaves by e-mail
    assert not _titles(people["school"]) and not _titles(people["station"]) and not _titles(people["director_a"])
    assert [message.to for message in mail.outbox] == [["police@zhanpu.local"]]
    assert child_a.name not in mail.outbox[0].subject + mail.outbox[0].body
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}  # never twice


def test_a_referral_not_yet_past_its_due_date_reminds_nobody(people, child_a, today):
    _referral(child_a, due=today)
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}


def test_the_station_is_told_after_the_escalation_days(people, child_a, today, settings):
    settings.CASES_REFERRAL_REMINDER_DAYS = {1: 1, 2: 3}
    referral = _referral(child_a, due=today - dt.timedelta(days=2))
    run_reminder_pass(today=today)
    assert len(_titles(people["police"])) == 1 and not _titles(people["station"])
    run_reminder_pass(today=today + dt.timedelta(days=1))
    assert _titles(people["station"]) == [f"帮扶转介逾期升级提醒：派出所 转介 {referral.pk}"]
    assert len(_titles(people["police"])) == 1


def test_a_handled_referral_is_not_reminded_of(people, child_a, today):
    referral = _referral(child_a, due=today - dt.timedelta(days=1))
    record_overdue_referrals(today=today)  # recorded, then the office completes it before the send
    accept_referral(by=people["police"], referral=referral, version=referral.version)
    complete_referral(by=people["police"], referral=referral, version=referral.version, response="已核查并处理")
    assert send_unsent_reminders(today=today) == 0  # claimed, nobody reminded, and no row says anyone was
    # the only notification: the completion, told to the station as the referral has no referrer
    assert list(Notification.objects.values_list("title", flat=True)) == ["转介已办结"]
    assert _titles(people["station"]) == ["转介已办结"] and not ReferralReminder.objects.exists()
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}


def test_many_overdue_referrals_of_an_office_make_one_notification(people, village_a, today):
    for _ in range(5):
        _referral(ChildFactory(village=village_a), due=today - dt.timedelta(days=1))
    run_reminder_pass(today=today)
    [note] = Notification.objects.filter(recipient=people["police"])
    assert "等 5 件" in note.title and note.url == reverse("cases:referral_list")
    assert note.body.count("已逾期 1 天") == 5


def test_a_reminder_reads_in_english_for_an_officer_who_reads_english(people, child_a, today, client):
    people["police"].language = "en"
    people["police"].save()
    _referral(child_a, due=today - dt.timedelta(days=1))
    run_reminder_pass(today=today)
    client.force_login(people["police"])
    page = client.get(reverse("registry:notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overdue referral: Police Station, referral" in page


def test_worker_dying_between_record_and_send_loses_nothing(people, child_a, today):
    _referral(child_a, due=today - dt.timedelta(days=1))
    record_overdue_referrals(today=today)
    assert ReferralReminder.objects.get().sent_at is None and not Notification.objects.exists()
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 1}
    assert len(_titles(people["police"])) == 1


def test_failure_while_sending_rolls_back_the_claim(people, child_a, today, monkeypatch):
    _referral(child_a, due=today - dt.timedelta(days=1))

    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(outbox, "notify", broken)
    with pytest.raises(ConnectionError):
        run_reminder_pass(today=today)
    assert ReferralReminder.objects.get().sent_at is None  # the next pass retries
    monkeypatch.undo()
    assert send_unsent_reminders(today=today) == 1 and len(_titles(people["police"])) == 1


def test_long_past_due_beyond_the_lookback_is_not_scanned(people, child_a, today, settings):
    settings.CASES_REFERRAL_REMINDER_LOOKBACK_DAYS = 10
    _referral(child_a, due=today - dt.timedelta(days=30))
    assert run_reminder_pass(today=today)["recorded"] == 0


def test_database_refuses_a_duplicate_reminder(org, child_a, today):
    referral = _referral(child_a, due=today)
    ReferralReminder.objects.create(referral=referral, due_date=today, level=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralReminder.objects.create(referral=referral, due_date=today, level=1)


def test_beat_runs_the_task(people, child_a, today, settings):
    _referral(child_a, due=today - dt.timedelta(days=1))
    assert send_referral_reminders.delay().get() == {"recorded": 1, "sent": 1}
    entry = settings.CELERY_BEAT_SCHEDULE["cases-referral-reminders"]
    assert entry["task"] == "cases.send_referral_reminders" and entry["schedule"] <= 3600


def test_overdue_query_is_a_bounded_range_on_the_due_date(today):
    sql = str(reminders.crossed_threshold(1, today=today).query)
    assert "due_date" in sql and ">=" in sql and "<=" in sql


def test_the_referral_page_shows_the_reminders_sent(client, people, child_a, today, settings):
    settings.CASES_REFERRAL_REMINDER_DAYS = {1: 1, 2: 3}
    referral = _referral(child_a, due=today - dt.timedelta(days=4))
    run_reminder_pass(today=today)
    client.force_login(people["station"])
    page = client.get(reverse("cases:referral_detail", args=[referral.pk])).content.decode()
    assert "接收部门（逾期）" in page and "工作站（逾期升级）" in page
    client.force_login(people["school"])  # another office: the referral itself is refused, reminders and all
    assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 404


def test_an_office_without_staff_accounts_has_its_reminder_sent_to_the_station(people, child_a, today):
    referral = _referral(child_a, due=today - dt.timedelta(days=1), office="sifa")
    run_reminder_pass(today=today)
    note = Notification.objects.get(recipient=people["station"])
    assert f"转介 {referral.pk}" in note.title and "已转工作站处理" in note.body
    assert not _titles(people["police"]) and not _titles(people["school"])
