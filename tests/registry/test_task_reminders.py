"""A task of the plan's breakdown (任务分解) not done by its due date reminds its office's staff or its village's child
directors the day after, then the station a week after, once each (registry/task_reminders.py, run by Celery beat).
A task the station gives to another office or village is announced to the new one; the old one is told and loses
the links it may no longer open."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from registry.models import Notification, Office, Task, TaskReminder
from registry.roles import Role
from registry.services import add_role, grant_office_access
from registry.task_reminders import record_overdue_tasks, run_reminder_pass, send_unsent_reminders
from tests.factories import UserFactory
from tests.roundtrip.browser import form_as_sent

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def _days(n):
    return TODAY + dt.timedelta(days=n)


def _titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


@pytest.fixture
def police_task(org):
    return TaskFactory(title="开展法治宣传进校园", office=Office.objects.get(code="police"), due_on=_days(-1))


def test_an_unfinished_task_reminds_its_office_the_day_after_its_due_date_once(client, police_task, police_user,
                                                                                 school_user, station_user):
    assert run_reminder_pass(today=_days(-1))["sent"] == 0  # on the due date: not late yet
    run_reminder_pass(today=TODAY)
    run_reminder_pass(today=TODAY)

    [note] = Notification.objects.filter(recipient=police_user)
    assert note.title == "任务逾期提醒：派出所"
    assert "“开展法治宣传进校园”：完成期限 2026-12-01，已逾期 1 天，当前状态：未开始。" in note.body
    assert note.url == reverse("registry:task", args=[police_task.pk])
    assert _titles(school_user) == [] and _titles(station_user) == []
    client.force_login(police_user)
    assert client.get(note.url).status_code == 200


def test_a_village_task_reminds_that_villages_directors_only(org, village_a, director_a, director_b):
    TaskFactory(title="建立留守儿童台账", office=None, village=village_a, due_on=_days(-1))
    run_reminder_pass(today=TODAY)
    assert _titles(director_a) == ["任务逾期提醒：甲村"] and _titles(director_b) == []


def test_the_station_is_reminded_a_week_late_and_sees_every_late_task_on_the_link(client, police_user, station_user,
                                                                                  org):
    police = Office.objects.get(code="police")
    for title in ("甲任务", "乙任务"):
        TaskFactory(title=title, office=police, due_on=_days(-settings.REGISTRY_TASK_REMINDER_DAYS[2]))
    run_reminder_pass(today=TODAY)

    [note] = Notification.objects.filter(recipient=station_user)
    assert note.title == "任务逾期升级提醒：派出所" and "甲任务" in note.body and "乙任务" in note.body
    assert "请工作站督促责任单位办理。" in note.body
    client.force_login(station_user)
    page = client.get(note.url).content.decode()
    assert note.url == reverse("registry:tasks") + "?overdue=1" and "甲任务" in page and "乙任务" in page


def test_a_task_done_or_given_a_new_due_date_before_the_reminder_went_is_not_reminded_of(police_user, org):
    police = Office.objects.get(code="police")
    done = TaskFactory(title="已完成", office=police, due_on=_days(-1))
    moved = TaskFactory(title="已延期", office=police, due_on=_days(-1))
    record_overdue_tasks(today=TODAY)
    Task.objects.filter(pk=done.pk).update(status=Task.Status.DONE)
    Task.objects.filter(pk=moved.pk).update(due_on=_days(10))
    assert send_unsent_reminders(today=TODAY) == 0
    assert _titles(police_user) == [] and not TaskReminder.objects.exists()


def test_an_office_without_staff_has_the_station_reminded_saying_why(station_user, org):
    TaskFactory(title="控辍保学", office=Office.objects.get(code="school"), due_on=_days(-1))
    run_reminder_pass(today=TODAY)
    [note] = Notification.objects.filter(recipient=station_user)
    assert note.title.startswith("任务逾期提醒：") and "已转工作站处理" in note.body


def test_a_task_entered_with_a_due_date_long_past_is_reminded_of_at_once(client, station_user, police_user):
    client.force_login(station_user)
    long_ago = timezone.localdate() - dt.timedelta(days=100)
    client.post(reverse("registry:task_new"), {
        "title": "补录：开展摸底排查", "plan_ref": "四(一)", "duty": "", "owner": "张三",
        "office": Office.objects.get(code="police").pk, "due_on": long_ago.isoformat()})
    run_reminder_pass()
    assert _titles(police_user) == ["新任务：补录：开展摸底排查", "任务逾期提醒：派出所"]
    assert len(_titles(station_user)) == 1  # escalated too: it is far more than a week late


def test_the_reminder_pass_runs_as_a_celery_beat_task(police_user, org):
    from registry.tasks import send_task_reminders

    assert settings.CELERY_BEAT_SCHEDULE["registry-task-reminders"]["task"] == send_task_reminders.name
    TaskFactory(office=Office.objects.get(code="police"), due_on=timezone.localdate() - dt.timedelta(days=1))
    assert send_task_reminders.apply().get() == {"recorded": 1, "sent": 1}
    assert _titles(police_user) == ["任务逾期提醒：派出所"]


# --- a task given to another office or village --------------------------------------------------------------------

def _reassign(client, task, **fields):
    url = reverse("registry:task_edit", args=[task.pk])
    data = form_as_sent(client.get(url).content.decode()) | {name: [str(value)] for name, value in fields.items()}
    return client.post(url, data)


@pytest.fixture
def assigned(client, station_user, police_user):
    """A task the station gave the police, who were told with a link."""
    client.force_login(station_user)
    client.post(reverse("registry:task_new"), {
        "title": "开展法治宣传进校园", "plan_ref": "四(一)", "duty": "", "owner": "张三",
        "office": Office.objects.get(code="police").pk, "due_on": _days(30).isoformat()})
    return Task.objects.get()


def test_a_task_given_to_another_office_tells_both_and_the_old_link_no_longer_leads_to_a_404(
        client, assigned, police_user, school_user):
    url = reverse("registry:task", args=[assigned.pk])
    assert _reassign(client, assigned, office=Office.objects.get(code="school").pk).status_code == 302

    assert _titles(school_user) == ["新任务：开展法治宣传进校园"]
    assert Notification.objects.get(recipient=school_user).url == url
    first, moved = Notification.objects.filter(recipient=police_user).order_by("pk")
    assert first.url == "" and moved.title == "任务已改由其他单位负责" and "开展法治宣传进校园" in moved.body
    client.force_login(police_user)
    assert client.get(url).status_code == 404 and url not in client.get(
        reverse("registry:notifications")).content.decode()


def test_a_task_edited_without_changing_its_assignee_tells_nobody_again(client, assigned, police_user):
    before = Notification.objects.count()
    assert _reassign(client, assigned, owner="李四").status_code == 302
    assert Notification.objects.count() == before and Task.objects.get().owner == "李四"


def test_a_task_given_to_a_village_in_the_admin_tells_its_directors(client, assigned, leader, director_a,
                                                                      village_a):
    leader.user_permissions.add(*Permission.objects.filter(codename__in=["change_task", "view_task"]))
    client.force_login(leader)
    url = reverse("admin:registry_task_change", args=[assigned.pk])
    data = form_as_sent(client.get(url).content.decode()) | {"office": [""], "village": [str(village_a.pk)]}
    assert client.post(url, data).status_code == 302
    assert _titles(director_a) == ["新任务：开展法治宣传进校园"]


def test_former_office_members_are_not_told_of_a_new_task(client, station_user, org):
    former = UserFactory(username="former_police")
    add_role(user=former, role=Role.OFFICE)
    grant_office_access(user=former, office=Office.objects.get(code="police"))
    former.groups.remove(*former.groups.filter(name=Role.OFFICE.value))
    client.force_login(station_user)
    client.post(reverse("registry:task_new"), {
        "title": "新任务甲", "plan_ref": "", "duty": "", "owner": "张三",
        "office": Office.objects.get(code="police").pk, "due_on": _days(30).isoformat()})
    assert _titles(former) == []
    assert "已转工作站处理" in Notification.objects.get(recipient=station_user).body


def test_load_zhanpu_gives_the_leadership_the_task_reminders_to_read(client, leader, police_task):
    call_command("load_zhanpu", verbosity=0)
    row = TaskReminder.objects.create(task=police_task, due_on=police_task.due_on, level=1)
    client.force_login(leader)
    assert client.get(reverse("admin:registry_taskreminder_change", args=[row.pk])).status_code == 200
