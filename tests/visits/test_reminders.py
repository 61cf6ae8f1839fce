"""Reminders: one per child, due date and level; never sent twice; never lost; escalation by days overdue."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.services import assess_risk
from registry import outbox
from registry.models import Notification
from tests.concurrency import at_once
from tests.factories import ChildFactory, VillageFactory
from visits import reminders
from visits.models import VisitReminder
from visits.reminders import record_due_reminders, run_reminder_pass, send_unsent_reminders
from visits.selectors import max_days_by_tier, policy_fingerprint
from visits.services import record_visit, set_visit_policy
from visits.tasks import send_visit_reminders

from .conftest import set_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(director_a, director_b, station_user, leader):
    for user in (director_a, director_b, station_user, leader):
        user.email = f"{user.username}@zhanpu.local"
        user.save()
    return {"director_a": director_a, "director_b": director_b, "station": station_user, "leader": leader}


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_child_due_today_notifies_the_village_directors_once(
    people, child_a, today, django_capture_on_commit_callbacks
):
    set_due(child_a, today)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminder_pass(today=today) == {"recorded": 1, "sent": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}
    assert len(_titles(people["director_a"])) == 1
    assert f"档案 {child_a.pk}" in _titles(people["director_a"])[0]
    assert _titles(people["director_b"]) == [] and _titles(people["station"]) == []
    assert [m.to for m in mail.outbox] == [["director_a@zhanpu.local"]]
    assert child_a.name not in mail.outbox[0].subject + mail.outbox[0].body  # no names leave by e-mail


def test_each_child_in_a_reminder_names_its_responsible_director(people, village_a, today):
    assigned = set_due(ChildFactory(village=village_a, responsible_director=people["director_a"]), today)
    unassigned = set_due(ChildFactory(village=village_a), today)
    run_reminder_pass(today=today)
    body = Notification.objects.get(recipient=people["director_a"]).body
    lines = {line.split("：", 1)[0]: line for line in body.splitlines()}
    assert lines[f"档案 {assigned.pk}"].endswith(f"（负责：{people['director_a']}）。")
    assert "负责" not in lines[f"档案 {unassigned.pk}"]


def test_a_reminder_on_the_due_date_says_the_visit_is_due_today_not_overdue(people, village_a, today):
    assigned = set_due(ChildFactory(village=village_a, responsible_director=people["director_a"]), today)
    unassigned = set_due(ChildFactory(village=village_a), today)
    run_reminder_pass(today=today)
    body = Notification.objects.get(recipient=people["director_a"]).body
    lines = {line.split("：", 1)[0]: line for line in body.splitlines()}
    assert lines[f"档案 {unassigned.pk}"] == f"档案 {unassigned.pk}：今天（{today.isoformat()}）到期，请今天入户走访。"
    assert lines[f"档案 {assigned.pk}"] == (
        f"档案 {assigned.pk}：今天（{today.isoformat()}）到期，请今天入户走访（负责：{people['director_a']}）。")
    assert "逾期" not in body


def test_a_reminder_after_the_due_date_says_how_many_days_overdue(people, child_a, today):
    due = today - dt.timedelta(days=1)
    set_due(child_a, due)
    run_reminder_pass(today=today)
    body = Notification.objects.get(recipient=people["director_a"]).body
    assert f"档案 {child_a.pk}：应于 {due.isoformat()} 前入户走访，已逾期 1 天。" in body


def test_a_case_waiting_for_closure_approval_is_still_reminded(people, child_a, today,
                                                               django_capture_on_commit_callbacks):
    from cases.services import request_closure

    request_closure(by=people["director_a"], child=child_a, reason="已随父母外出")
    set_due(child_a, today, tier="red")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminder_pass(today=today) == {"recorded": 1, "sent": 1}
    assert len(_titles(people["director_a"])) == 1


def test_not_yet_due_child_gets_no_reminder(people, child_a, today):
    set_due(child_a, today + dt.timedelta(days=1))
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 0}
    assert not Notification.objects.exists()


def test_escalation_levels_by_days_overdue(people, village_a, today):
    due_today = set_due(ChildFactory(village=village_a), today)
    week = set_due(ChildFactory(village=village_a), today - dt.timedelta(days=7))
    fortnight = set_due(ChildFactory(village=village_a), today - dt.timedelta(days=14))
    run_reminder_pass(today=today)
    levels = lambda child: sorted(VisitReminder.objects.filter(child=child).values_list("level", flat=True))  # noqa: E731
    assert levels(due_today) == [1]
    assert levels(week) == [1, 2]
    assert levels(fortnight) == [1, 2, 3]
    # one notification per level and village, naming every file number it covers
    [to_director] = _titles(people["director_a"])
    [to_station] = _titles(people["station"])
    [to_leader] = _titles(people["leader"])
    assert all(str(child.pk) in to_director for child in (due_today, week, fortnight))
    assert str(week.pk) in to_station and str(fortnight.pk) in to_station and str(due_today.pk) not in to_station
    assert "升级" in to_leader and str(fortnight.pk) in to_leader and str(week.pk) not in to_leader
    assert _titles(people["director_b"]) == []


def test_many_reminders_in_a_village_make_one_notification_linking_the_overdue_list(people, village_a, today):
    children = [set_due(ChildFactory(village=village_a), today) for _ in range(5)]
    assert run_reminder_pass(today=today)["sent"] == 5
    note = Notification.objects.get(recipient=people["director_a"])
    assert "5 名儿童" in note.title and note.url.endswith(f"?only=overdue&village={village_a.pk}")
    assert all(f"档案 {child.pk}" in note.body for child in children)


def test_a_reminder_reads_in_english_for_a_director_who_reads_the_portal_in_english(people, child_a, today, client):
    set_due(child_a, today)
    run_reminder_pass(today=today)
    client.force_login(people["director_a"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("registry:notifications")).content.decode()
    assert f"Home visit due: {child_a.village.name}, files {child_a.pk}" in page and "家访到期提醒" not in page


def test_escalation_days_come_from_settings(people, child_a, today, settings):
    settings.VISIT_ESCALATION_DAYS = {1: 0, 2: 3, 3: 5}
    set_due(child_a, today - dt.timedelta(days=3))
    run_reminder_pass(today=today)
    assert sorted(VisitReminder.objects.values_list("level", flat=True)) == [1, 2]


def test_escalation_follows_as_days_pass(people, child_a, today):
    set_due(child_a, today)
    for offset in range(0, 15):
        run_reminder_pass(today=today + dt.timedelta(days=offset))
    assert len(_titles(people["director_a"])) == 1
    assert len(_titles(people["station"])) == 1
    assert len(_titles(people["leader"])) == 1


def test_a_new_due_date_after_a_visit_gets_its_own_reminder(people, child_a, director_a, today):
    set_due(child_a, today - dt.timedelta(days=1))
    run_reminder_pass(today=today)
    record_visit(by=director_a, child=child_a, visited_on=today, kind="home", visitors="甲")
    child_a.refresh_from_db()
    run_reminder_pass(today=child_a.next_visit_due)
    assert len(_titles(people["director_a"])) == 2
    assert VisitReminder.objects.filter(child=child_a, level=1).count() == 2


def test_long_past_overdue_beyond_lookback_is_not_scanned(people, child_a, today, settings):
    settings.VISIT_REMINDER_LOOKBACK_DAYS = 30
    set_due(child_a, today - dt.timedelta(days=60))
    assert run_reminder_pass(today=today)["recorded"] == 0


def test_closed_child_gets_no_reminder(people, child_a, today):
    set_due(child_a, today - dt.timedelta(days=3))
    child_a.status = "closed"
    child_a.save()
    assert run_reminder_pass(today=today)["recorded"] == 0


def test_worker_dying_between_record_and_send_loses_nothing(people, child_a, today):
    set_due(child_a, today)
    record_due_reminders(today=today)  # the worker dies here: recorded, never sent
    assert VisitReminder.objects.get().sent_at is None and not Notification.objects.exists()
    assert run_reminder_pass(today=today) == {"recorded": 0, "sent": 1}
    assert len(_titles(people["director_a"])) == 1
    assert run_reminder_pass(today=today)["sent"] == 0


def test_failure_while_sending_rolls_back_the_claim(people, child_a, today, monkeypatch):
    set_due(child_a, today)

    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(outbox, "notify", broken)
    with pytest.raises(ConnectionError):
        run_reminder_pass(today=today)
    assert VisitReminder.objects.get().sent_at is None  # not marked sent: the next pass retries
    monkeypatch.undo()
    assert send_unsent_reminders(today=today) == 1
    assert len(_titles(people["director_a"])) == 1


def test_a_claimed_reminder_is_not_sent_again(people, child_a, today):
    set_due(child_a, today)
    record_due_reminders(today=today)
    VisitReminder.objects.update(sent_at=timezone.now())  # another worker claimed it
    assert send_unsent_reminders(today=today) == 0
    assert not Notification.objects.exists()


def test_database_refuses_a_duplicate_reminder(child_a, today):
    VisitReminder.objects.create(child=child_a, due_date=today, level=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitReminder.objects.create(child=child_a, due_date=today, level=1)


def test_beat_task_runs_the_pass(people, child_a, today):
    set_due(child_a, today)
    assert send_visit_reminders.delay().get() == {"recorded": 1, "sent": 1}


def test_beat_schedule_has_the_reminder_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["visits-reminders"]
    assert entry["task"] == "visits.send_visit_reminders" and entry["schedule"] <= 60


def test_overdue_query_is_a_bounded_range_on_the_due_date(today):
    sql = str(reminders.crossed_threshold(1, today=today).query)
    assert "next_visit_due" in sql and ">=" in sql and "<=" in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking is real only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # later tests keep the migrated data
def test_two_concurrent_workers_send_each_reminder_once(people, village_a, today):
    for _ in range(40):
        set_due(ChildFactory(village=village_a), today)
    results = at_once(lambda: run_reminder_pass(today=today))
    assert not [result for result in results if isinstance(result, Exception)]
    assert sum(result["sent"] for result in results) == 40
    # Reminders are grouped per level and village: however the two workers split the rows, each child's reminder
    # is announced to the director exactly once.
    bodies = Notification.objects.filter(recipient=people["director_a"]).values_list("body", flat=True)
    mentioned = [line for body in bodies for line in body.splitlines() if line.startswith("档案 ")]
    assert len(mentioned) == 40 and len(set(mentioned)) == 40
    assert VisitReminder.objects.filter(sent_at__isnull=True).count() == 0


def test_a_reminder_recorded_then_overtaken_by_a_visit_is_not_sent(people, child_a, director_a, today):
    """The worker died after recording; by the next pass the child was visited: nobody is told it is overdue."""
    set_due(child_a, today - dt.timedelta(days=8))
    record_due_reminders(today=today)  # levels 1 and 2, unsent
    record_visit(by=director_a, child=child_a, visited_on=today, kind="home", visitors="甲")
    assert send_unsent_reminders(today=today) == 0
    assert not Notification.objects.exists() and not VisitReminder.objects.exists()


def test_a_reminder_of_a_case_closed_since_is_not_sent(people, child_a, today):
    set_due(child_a, today)
    record_due_reminders(today=today)
    child_a.status = child_a.Status.CLOSED
    child_a.save()
    assert send_unsent_reminders(today=today) == 0 and not Notification.objects.exists()


def test_every_periodic_run_expires_when_the_next_is_due(settings):
    """After a worker outage the queue does not replay every missed pass: a run still waiting is dropped."""
    from django_celery_beat.schedulers import ModelEntry  # noqa: PLC0415

    from zhanpu.celery import app  # noqa: PLC0415

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():  # as beat's DatabaseScheduler stores each entry
        stored = ModelEntry.from_entry(name, app=app, **entry)
        assert stored.model.expire_seconds == entry["schedule"] == stored.model.interval.every
        assert stored.options["expires"] == entry["schedule"]  # what beat sends with each run


def test_a_village_without_a_director_has_its_reminder_sent_to_the_station_saying_why(people, today):
    """Read by nobody, the reminder would leave the child unvisited until the escalation a week later."""
    child = set_due(ChildFactory(village=VillageFactory(code="vc", name="丙村")), today)
    run_reminder_pass(today=today)
    note = Notification.objects.get(recipient=people["station"])
    assert f"档案 {child.pk}" in note.title and "已转工作站处理" in note.body
    assert note.url == reverse("visits:child", args=[child.pk])
    assert _titles(people["director_a"]) == _titles(people["director_b"]) == _titles(people["leader"]) == []


def test_a_village_whose_only_director_left_has_its_reminder_sent_to_the_station(people, child_a, today):
    people["director_a"].is_active = False
    people["director_a"].save()
    set_due(child_a, today)
    run_reminder_pass(today=today)
    assert _titles(people["director_a"]) == []
    assert "已转工作站处理" in Notification.objects.get(recipient=people["station"]).body


def test_a_village_with_a_director_is_not_reminded_to_the_station(people, child_a, today):
    set_due(child_a, today)
    run_reminder_pass(today=today)
    assert len(_titles(people["director_a"])) == 1 and _titles(people["station"]) == []


def test_the_station_reads_why_in_english(people, today):
    people["station"].language = "en"
    people["station"].save()
    set_due(ChildFactory(village=VillageFactory(code="vc", name="丙村")), today)
    run_reminder_pass(today=today)
    assert "sent to the station" in Notification.objects.get(recipient=people["station"]).body_en


# A due date set already long past (beyond the pass's look-back) is reminded at once by the re-plan that set it.

def _levels(child):
    reminded = VisitReminder.objects.filter(child=child, due_date=child.next_visit_due)
    return sorted(reminded.values_list("level", flat=True))


def test_a_child_moved_to_a_higher_tier_and_already_long_overdue_is_reminded(people, child_a, station_user, today):
    set_due(child_a, today + dt.timedelta(days=30), last_visit_on=today - dt.timedelta(days=60))
    assess_risk(by=station_user, child=child_a, indicators=[], override_tier="orange", override_reason="监护不当")
    child_a.refresh_from_db()
    assert child_a.next_visit_due == today - dt.timedelta(days=60 - max_days_by_tier()["orange"])
    run_reminder_pass(today=today)
    assert _levels(child_a) == [1, 2, 3]  # as overdue as that: directors, station and leadership, as for any other
    assert len(_titles(people["director_a"])) == 1 and _titles(people["director_b"]) == []


def test_a_shorter_interval_that_makes_children_long_overdue_reminds_them(people, child_a, station_user, today):
    set_due(child_a, today - dt.timedelta(days=10), last_visit_on=today - dt.timedelta(days=100))
    set_visit_policy(by=station_user, max_days={**max_days_by_tier(), "green": 60}, seen=policy_fingerprint())
    child_a.refresh_from_db()
    assert child_a.next_visit_due == today - dt.timedelta(days=40)
    run_reminder_pass(today=today)
    assert 1 in _levels(child_a) and len(_titles(people["director_a"])) == 1


def test_an_old_paper_visit_filed_late_that_leaves_the_child_long_overdue_reminds(people, director_a, village_a,
                                                                                   today):
    child = ChildFactory(village=village_a, registered_on=today - dt.timedelta(days=200))
    record_visit(by=director_a, child=child, visited_on=today - dt.timedelta(days=150), kind="home", visitors="甲")
    child.refresh_from_db()
    assert child.next_visit_due < today - dt.timedelta(days=30)
    run_reminder_pass(today=today)
    assert _levels(child) == [1, 2, 3] and len(_titles(people["director_a"])) == 1


def test_a_re_plan_into_the_future_records_no_reminder(people, child_a, director_a, today):
    set_due(child_a, today - dt.timedelta(days=60))
    record_visit(by=director_a, child=child_a, visited_on=today, kind="home", visitors="甲")
    assert not VisitReminder.objects.exists()
