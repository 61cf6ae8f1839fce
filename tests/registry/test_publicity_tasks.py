"""Publicity [四(四)] and the task breakdown [四(一)]."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Notification, Office, Publicity, Task

from .factories import TaskFactory

pytestmark = pytest.mark.django_db


def _publicity(client, village, **overrides):
    data = {"village": village.pk if village else "", "channel": "notice_board",
            "date": timezone.localdate().isoformat(), "title": "热线宣传", "content": "张贴热线电话", "reach": "120"}
    data.update(overrides)
    return client.post(reverse("registry:publicity_new"), data)


def test_director_records_publicity_for_own_village(client, director_a, village_a):
    client.force_login(director_a)
    assert _publicity(client, village_a).status_code == 302
    item = Publicity.objects.get()
    assert item.village == village_a and item.recorded_by == director_a
    assert "公开栏" in client.get(reverse("registry:publicity")).content.decode()


def test_station_records_township_publicity_everyone_sees_and_only_the_station_edits(
    client, station_user, director_a, village_a
):
    client.force_login(station_user)
    assert _publicity(client, None, channel="hotline", title="全镇热线宣传").status_code == 302
    item = Publicity.objects.get()
    assert item.village is None
    edit = reverse("registry:publicity_edit", args=[item.pk])
    assert edit in client.get(reverse("registry:publicity")).content.decode()
    client.force_login(director_a)
    body = client.get(reverse("registry:publicity")).content.decode()
    assert "全镇热线宣传" in body and edit not in body
    response = client.post(edit, {"village": "", "channel": "hotline", "date": timezone.localdate().isoformat(),
                                  "title": "改掉", "content": "x"})
    assert response.status_code == 403
    assert Publicity.objects.get().title == "全镇热线宣传"


def test_a_director_must_name_their_village(client, director_a, village_a):
    client.force_login(director_a)
    response = _publicity(client, None, title="保留的标题")
    assert response.status_code == 200 and "保留的标题" in response.content.decode()
    assert not Publicity.objects.exists()


@pytest.mark.parametrize("overrides,message", [
    ({"reach": "-5"}, "覆盖人数不能为负数。"),
    ({"date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "宣传日期不能晚于今天。"),
    ({"channel": "tiktok"}, "选择一个有效的选项"),
])
def test_bad_publicity_is_refused_with_input_kept(client, director_a, village_a, overrides, message):
    client.force_login(director_a)
    response = _publicity(client, village_a, title="保留的标题", **overrides)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "保留的标题" in body
    assert not Publicity.objects.exists()


def _task(client, **overrides):
    data = {"title": "开展入户走访", "plan_ref": "四(一)", "duty": "", "owner": "张三",
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat()}
    data.update(overrides)
    return client.post(reverse("registry:task_new"), data)


def test_station_assigns_a_task_to_an_office_and_its_staff_are_notified(client, station_user, police_user,
                                                                        school_user):
    client.force_login(station_user)
    police = Office.objects.get(code="police")
    response = _task(client, office=police.pk)
    task = Task.objects.get()
    assert response.status_code == 302 and task.office == police and task.created_by == station_user
    assert list(police_user.notifications.values_list("title", flat=True)) == ["新任务：开展入户走访"]
    assert not school_user.notifications.exists()


def test_a_village_task_notifies_its_child_directors(client, station_user, director_a, director_b, village_a):
    client.force_login(station_user)
    _task(client, village=village_a.pk)
    assert director_a.notifications.count() == 1 and not director_b.notifications.exists()


@pytest.mark.parametrize("assignee", ["both", "neither"])
def test_a_task_goes_to_exactly_one_office_or_village(client, station_user, village_a, assignee):
    client.force_login(station_user)
    extra = {"office": Office.objects.get(code="police").pk, "village": village_a.pk} if assignee == "both" else {}
    response = _task(client, **extra)
    assert "任务须分配给一个部门或一个村(社区)，二者选其一。" in response.content.decode()
    assert not Task.objects.exists()


def test_overdue_tasks_are_flagged_and_filtered(client, station_user):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    TaskFactory(title="逾期任务", due_on=yesterday)
    TaskFactory(title="已完成的旧任务", due_on=yesterday, status=Task.Status.DONE)
    TaskFactory(title="未到期任务")
    client.force_login(station_user)
    body = client.get(reverse("registry:tasks")).content.decode()
    assert body.count('class="badge text-bg-danger overdue"') == 1
    body = client.get(reverse("registry:tasks") + "?overdue=1").content.decode()
    assert "逾期任务" in body and "已完成的旧任务" not in body and "未到期任务" not in body


def test_progress_note_moves_status_and_back(client, police_user, org):
    task = TaskFactory(office=Office.objects.get(code="police"), title="巡查")
    client.force_login(police_user)
    client.post(reverse("registry:task_note", args=[task.pk]), {"text": "完成", "status": "done"})
    client.post(reverse("registry:task_note", args=[task.pk]),
                {"text": "发现遗漏，重新办理", "status": "doing", "seen_status": "done"})
    task.refresh_from_db()
    assert task.status == Task.Status.DOING and task.completed_on is None and task.notes.count() == 2
    body = client.get(reverse("registry:task", args=[task.pk])).content.decode()
    assert "发现遗漏，重新办理" in body


def test_a_note_from_a_page_opened_before_a_colleague_finished_the_task_does_not_undo_it(
        client, police_user, station_user, org):
    task = TaskFactory(office=Office.objects.get(code="police"), title="巡查")
    url = reverse("registry:task_note", args=[task.pk])
    client.force_login(station_user)
    client.post(url, {"text": "已全部完成", "status": "done", "seen_status": "todo"})
    done_on = Task.objects.get(pk=task.pk).completed_on
    client.force_login(police_user)  # on a page shown while the task was still to do
    response = client.post(url, {"text": "补充一点进展", "status": "todo", "seen_status": "todo"})
    body = response.content.decode()
    assert response.status_code == 200 and "任务状态已被他人改为“已完成”" in body and "补充一点进展" in body
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.notes.count()) == (Task.Status.DONE, done_on, 1)
    # the note agreeing with the status now, or written on the page as it is now, is recorded
    assert client.post(url, {"text": "补充一点进展", "status": "done", "seen_status": "todo"}).status_code == 302
    assert client.post(url, {"text": "复核无误", "status": "done", "seen_status": "done"}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.notes.count()) == (Task.Status.DONE, done_on, 3)


def test_a_note_from_a_page_without_the_status_it_showed_does_not_undo_a_completion(client, police_user, org):
    task = TaskFactory(office=Office.objects.get(code="police"), status=Task.Status.DONE,
                       completed_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(police_user)  # a page shown before the form carried the status
    response = client.post(reverse("registry:task_note", args=[task.pk]), {"text": "补充一点进展", "status": "todo"})
    assert response.status_code == 200 and "任务状态已被他人改为“已完成”" in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.notes.count()) == (Task.Status.DONE, 0) and task.completed_on is not None


def test_the_note_form_carries_the_status_it_was_shown_with(client, police_user, org):
    task = TaskFactory(office=Office.objects.get(code="police"), status=Task.Status.DOING)
    client.force_login(police_user)
    body = client.get(reverse("registry:task", args=[task.pk])).content.decode()
    assert 'name="seen_status" value="doing"' in body


def test_another_office_cannot_add_a_note_to_the_task(client, school_user, org):
    task = TaskFactory(office=Office.objects.get(code="police"))
    client.force_login(school_user)
    response = client.post(reverse("registry:task_note", args=[task.pk]),
                           {"text": "越权", "status": "done", "seen_status": "todo"})
    assert response.status_code in (403, 404)
    assert not task.notes.exists() and Task.objects.get(pk=task.pk).status == Task.Status.TODO


def test_empty_progress_note_is_refused(client, police_user, org):
    task = TaskFactory(office=Office.objects.get(code="police"))
    client.force_login(police_user)
    response = client.post(reverse("registry:task_note", args=[task.pk]), {"text": "", "status": "done"})
    assert response.status_code == 200 and "这个字段是必填项。" in response.content.decode()
    assert Task.objects.get(pk=task.pk).status == Task.Status.TODO


def test_a_task_with_the_longest_title_is_saved_once_and_its_assignees_told(client, station_user, director_a,
                                                                              village_a):
    client.force_login(station_user)
    response = _task(client, title="开" * 200, village=village_a.pk)
    assert response.status_code == 302 and Task.objects.count() == 1
    title = Notification.objects.get(recipient=director_a).title
    assert title.startswith("新任务：开") and len(title) == 200 and title.endswith("...")  # cut, and says so


@pytest.mark.parametrize("name", ["registry:sessions", "registry:facilities", "registry:publicity"])
def test_a_village_filter_that_is_not_a_number_filters_nothing(client, station_user, name):
    client.force_login(station_user)
    assert client.get(reverse(name), {"village": "²"}).status_code == 200
    assert client.get(reverse(name), {"village": "9" * 20}).status_code == 200  # beyond any record number
