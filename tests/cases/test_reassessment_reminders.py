"""Cases due for reassessment (at least every 6 months): the village's directors, then the station; once; never lost."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import reassessment
from cases.models import Child, ReassessmentReminder
from cases.reassessment import record_due_reassessments, run_reminder_pass, send_unsent_reminders
from cases.services import assess_risk, register_child
from cases.tasks import send_reassessment_reminders
from registry.models import Notification
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

DAYS = 183


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(director_a, director_b, station_user):
    for user in (director_a, director_b, station_user):
        user.email = f"{user.username}@zhanpu.local"
        user.save()
    return {"director_a": director_a, "director_b": director_b, "station": station_user}


def _assessed(child, on: dt.date) -> Child:
    Child.objects.filter(pk=child.pk).update(last_assessed_on=on, registered_on=on - dt.timedelta(days=30))
    child.refresh_from_db()
    return child


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_directors_are_reminded_once_the_day_after_the_reassessment_date(
    people, child_a, today, settings, django_capture_on_commit_callbacks
):
    settings.CASES_REASSESS_DAYS = DAYS
    _assessed(child_a, today - dt.timedelta(days=DAYS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminder_pass(today=today) == {"recorded": 1, "sent": 1}
    [note] = Notification.objects.filter(recipient=people["director_a"])
    assert note.title == f"重新评估到期提醒：甲村 档案 {child_a.pk}"
    assert "已逾期 1 天" in note.body and note.url == reverse("cases:child_detail", args=[child_a.pk])
    assert child_a.name not in note.title + note.body + mail.outbox[0].subject + mail.outbox[0].body
    assert [message.to for message in mail.outbox] == [["director_a@zhanpu.local"]]
    assert not _titles(people["director_b"]) and not _titles(people["station"])
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}


def test_a_case_not_yet_due_or_closed_reminds_nobody(people, child_a, village_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    _assessed(child_a, today - dt.timedelta(days=DAYS))  # due today: not yet overdue
    closed = _assessed(ChildFactory(village=village_a), today - dt.timedelta(days=DAYS + 5))
    Child.objects.filter(pk=closed.pk).update(status=Child.Status.CLOSED)
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}


def test_a_child_never_assessed_counts_from_registration(people, village_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    child = ChildFactory(village=village_a, registered_on=today - dt.timedelta(days=DAYS + 2))
    assert child.last_assessed_on is None
    assert run_reminder_pass(today=today)["sent"] == 1
    assert "已逾期 2 天" in Notification.objects.get(recipient=people["director_a"]).body


def test_the_station_is_told_after_the_escalation_days(people, child_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    settings.CASES_REASSESS_REMINDER_DAYS = {1: 0, 2: 30}
    _assessed(child_a, today - dt.timedelta(days=DAYS + 20))
    run_reminder_pass(today=today)
    assert len(_titles(people["director_a"])) == 1 and not _titles(people["station"])
    run_reminder_pass(today=today + dt.timedelta(days=11))
    assert _titles(people["station"]) == [f"重新评估逾期升级提醒：甲村 档案 {child_a.pk}"]
    assert len(_titles(people["director_a"])) == 1


def test_a_child_assessed_before_the_send_is_not_reminded_of(people, child_a, station_user, today, settings,
                                                              indicator):
    settings.CASES_REASSESS_DAYS = DAYS
    _assessed(child_a, today - dt.timedelta(days=DAYS + 1))
    record_due_reassessments(today=today)
    assess_risk(by=station_user, child=child_a, indicators=[indicator(1)])
    assert send_unsent_reminders(today=today) == 0
    assert not Notification.objects.exists() and not ReassessmentReminder.objects.exists()
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}  # assessed today: due again in 6 months


def test_many_in_a_village_make_one_notification_linking_the_register(people, village_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    for _ in range(5):
        _assessed(ChildFactory(village=village_a), today - dt.timedelta(days=DAYS + 3))
    run_reminder_pass(today=today)
    [note] = Notification.objects.filter(recipient=people["director_a"])
    assert "等 5 名儿童" in note.title
    assert note.url == f"{reverse('cases:child_list')}?village={village_a.pk}&overdue=1"


def test_worker_dying_between_record_and_send_loses_nothing(people, child_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    _assessed(child_a, today - dt.timedelta(days=DAYS + 1))
    record_due_reassessments(today=today)
    assert ReassessmentReminder.objects.get().sent_at is None and not Notification.objects.exists()
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 1}


def test_long_past_due_beyond_the_lookback_is_not_scanned(people, child_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    settings.CASES_REASSESS_REMINDER_LOOKBACK_DAYS = 10
    _assessed(child_a, today - dt.timedelta(days=DAYS + 45))  # past both levels' windows (1: 0-10, 2: 30-40 days)
    assert run_reminder_pass(today=today)["recorded"] == 0


def test_beat_runs_the_task(people, child_a, today, settings):
    settings.CASES_REASSESS_DAYS = DAYS
    _assessed(child_a, today - dt.timedelta(days=DAYS + 1))
    assert send_reassessment_reminders.delay().get() == {"recorded": 1, "sent": 1}
    entry = settings.CELERY_BEAT_SCHEDULE["cases-reassessment-reminders"]
    assert entry["task"] == "cases.send_reassessment_reminders" and entry["schedule"] <= 3600


def test_queries_are_bounded_ranges_on_the_dates(today):
    with CaptureQueriesContext(connection) as queries:
        reassessment.crossed_threshold(1, today=today)
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 2 and "last_assessed_on" in sql[0] and "registered_on" in sql[1]
    assert all("BETWEEN" in statement for statement in sql)


def test_a_child_registered_from_the_paper_register_long_ago_and_never_assessed_is_reminded(
        people, station_user, village_a, today):
    child = register_child(by=station_user, name="纸质档案", sex="F", birth_date=today - dt.timedelta(days=3650),
                           village=village_a, registered_on=today - dt.timedelta(days=365))
    run_reminder_pass(today=today)
    assert sorted(ReassessmentReminder.objects.filter(child=child).values_list("level", flat=True)) == [1, 2]
    assert len(_titles(people["director_a"])) == 1 and _titles(people["director_b"]) == []


def test_an_assessment_filed_long_after_it_was_made_reminds_that_the_next_one_is_due(people, child_a, station_user,
                                                                                     today):
    Child.objects.filter(pk=child_a.pk).update(registered_on=today - dt.timedelta(days=DAYS + 200))
    assess_risk(by=station_user, child=child_a, indicators=[], assessed_on=today - dt.timedelta(days=DAYS + 60))
    run_reminder_pass(today=today)
    assert ReassessmentReminder.objects.filter(child=child_a, level=1).exists()
    assert len(_titles(people["director_a"])) == 1


def test_a_file_registered_recently_records_no_reminder(people, station_user, village_a, today):
    register_child(by=station_user, name="新建档案", sex="M", birth_date=today - dt.timedelta(days=3650),
                   village=village_a, registered_on=today)
    assert not ReassessmentReminder.objects.exists()
