"""The organisation-at-work forms sent twice (a double tap, a phone resending after its answer was lost): a new task,
progress note, inspection, publicity or social-force activity is stored once (and a task announced once), and the
repeat is answered as the first sending was; an edit sent twice is not called someone else's. Another user's
sending, other input under the same key, and someone else's edit meanwhile are still told apart."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import FacilityInspection, Notification, Office, Publicity, SocialActivity, Task, TaskNote

from .factories import FacilityFactory, SocialForceFactory, TaskFactory

pytestmark = pytest.mark.django_db

ALREADY_SUBMITTED = "这份表单已经提交过"
SOMEONE_ELSES = "已被他人修改"


def _twice(client, url, data):
    return client.post(url, data), client.post(url, data)


def _key_on_the_page(client, url) -> str:
    body = client.get(url).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body).group(1)


def _task_data(**overrides):
    data = {"title": "开展入户走访", "plan_ref": "四(一)", "duty": "", "owner": "张三",
            "office": Office.objects.get(code="police").pk,
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat()}
    return data | overrides


def _publicity_data(village, **overrides):
    data = {"village": village.pk, "channel": "notice_board", "date": timezone.localdate().isoformat(),
            "title": "热线宣传", "content": "张贴热线电话", "reach": "120"}
    return data | overrides


def _inspection_data(**overrides):
    data = {"inspected_on": timezone.localdate().isoformat(), "inspector": "李四", "equipment_maintained": "on",
            "safety_sign_present": "on", "no_smoking_sign_present": "on", "problems": "", "fixed_on": ""}
    return data | overrides


# New records


def test_a_task_sent_twice_is_created_and_announced_once_and_answered_alike(client, station_user, police_user):
    client.force_login(station_user)
    url = reverse("registry:task_new")
    first, again = _twice(client, url, _task_data(submission_key=_key_on_the_page(client, url)))
    task = Task.objects.get()
    assert first["Location"] == again["Location"] == reverse("registry:task", args=[task.pk])
    assert Notification.objects.filter(recipient=police_user).count() == 1


def test_a_task_form_sent_twice_without_a_key_creates_one_task(client, station_user, police_user):
    client.force_login(station_user)
    _twice(client, reverse("registry:task_new"), _task_data())
    assert Task.objects.count() == 1 and Notification.objects.filter(recipient=police_user).count() == 1


def test_two_different_tasks_are_both_created(client, station_user):
    client.force_login(station_user)
    client.post(reverse("registry:task_new"), _task_data())
    client.post(reverse("registry:task_new"), _task_data(title="开展摸底排查"))
    assert Task.objects.count() == 2


def test_the_same_task_form_with_other_input_is_refused_and_the_input_kept(client, station_user, police_user):
    client.force_login(station_user)
    key = str(uuid.uuid4())
    client.post(reverse("registry:task_new"), _task_data(submission_key=key))
    response = client.post(reverse("registry:task_new"), _task_data(submission_key=key, title="另一项任务"))
    body = response.content.decode()
    assert response.status_code == 200 and ALREADY_SUBMITTED in body and "另一项任务" in body
    assert Task.objects.count() == 1 and Notification.objects.filter(recipient=police_user).count() == 1


def test_a_progress_note_sent_twice_is_recorded_once_and_moves_the_task_once(client, police_user):
    task = TaskFactory(office=Office.objects.get(code="police"))
    client.force_login(police_user)
    url = reverse("registry:task_note", args=[task.pk])
    first, again = _twice(client, url, {"text": "已完成走访", "status": "doing"})
    assert first["Location"] == again["Location"] == reverse("registry:task", args=[task.pk])
    task.refresh_from_db()
    assert TaskNote.objects.filter(task=task).count() == 1
    assert (task.status, task.version) == ("doing", 2)


def test_a_progress_note_on_another_offices_task_is_refused_and_nothing_recorded(client, school_user):
    task = TaskFactory(office=Office.objects.get(code="police"))
    client.force_login(school_user)
    response = client.post(reverse("registry:task_note", args=[task.pk]), {"text": "已完成走访", "status": "done"})
    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert not TaskNote.objects.exists() and (task.status, task.version) == ("todo", 1)


def test_an_inspection_sent_twice_is_recorded_once(client, director_a, village_a):
    facility = FacilityFactory(village=village_a)
    client.force_login(director_a)
    url = reverse("registry:inspection_new", args=[facility.pk])
    first, again = _twice(client, url, _inspection_data(submission_key=_key_on_the_page(client, url)))
    assert first["Location"] == again["Location"] == reverse("registry:facility", args=[facility.pk])
    assert FacilityInspection.objects.filter(facility=facility).count() == 1


def test_an_inspection_of_another_villages_facility_is_refused_and_nothing_recorded(client, director_b, village_a):
    facility = FacilityFactory(village=village_a)
    client.force_login(director_b)
    response = client.post(reverse("registry:inspection_new", args=[facility.pk]), _inspection_data())
    assert response.status_code in (403, 404)
    assert not FacilityInspection.objects.exists()


def test_publicity_sent_twice_is_recorded_once(client, director_a, village_a):
    client.force_login(director_a)
    first, again = _twice(client, reverse("registry:publicity_new"), _publicity_data(village_a))
    assert first.status_code == again.status_code == 302
    assert Publicity.objects.get().recorded_by == director_a


def test_the_same_publicity_key_sent_by_another_user_stores_nothing_of_theirs(client, director_a, station_user,
                                                                              village_a):
    key = str(uuid.uuid4())
    client.force_login(director_a)
    client.post(reverse("registry:publicity_new"), _publicity_data(village_a, submission_key=key))
    client.force_login(station_user)
    response = client.post(reverse("registry:publicity_new"), _publicity_data(village_a, submission_key=key))
    assert response.status_code == 200 and ALREADY_SUBMITTED in response.content.decode()
    assert Publicity.objects.get().recorded_by == director_a


def test_publicity_for_another_village_is_refused_and_nothing_recorded(client, director_b, village_a):
    client.force_login(director_b)
    response = client.post(reverse("registry:publicity_new"), _publicity_data(village_a))
    assert response.status_code == 200  # the village is not among the choices
    assert not Publicity.objects.exists()


def test_a_social_activity_sent_twice_is_logged_once(client, station_user, village_a):
    force = SocialForceFactory()
    client.force_login(station_user)
    data = {"date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "village": village_a.pk,
            "service": "counselling", "summary": "团体辅导", "participants": "12"}
    first, again = _twice(client, reverse("registry:social_activity_new", args=[force.pk]), data)
    assert first["Location"] == again["Location"] == reverse("registry:social_force", args=[force.pk])
    assert SocialActivity.objects.filter(force=force).count() == 1


def test_an_edit_form_carries_no_key_and_keeps_the_one_filed(client, director_a, village_a):
    client.force_login(director_a)
    client.post(reverse("registry:publicity_new"), _publicity_data(village_a))
    item = Publicity.objects.get()
    key = item.submission_key
    edit = reverse("registry:publicity_edit", args=[item.pk])
    assert 'name="submission_key"' not in client.get(edit).content.decode()
    client.post(edit, _publicity_data(village_a, title="改过的标题", seen_version=item.version,
                                      submission_key=str(uuid.uuid4())))
    item.refresh_from_db()
    assert (item.title, item.submission_key) == ("改过的标题", key)


# Edits


def _edit_data(task, **overrides):
    data = {"title": "改过的标题", "plan_ref": "", "duty": "", "owner": "李四", "office": task.office_id,
            "due_on": task.due_on.isoformat(), "seen_version": task.version}
    return data | overrides


def test_a_task_edit_sent_twice_is_saved_once_and_answered_as_saved(client, station_user):
    task = TaskFactory(office=Office.objects.get(code="police"))
    client.force_login(station_user)
    first, again = _twice(client, reverse("registry:task_edit", args=[task.pk]), _edit_data(task))
    assert first["Location"] == again["Location"] == reverse("registry:task", args=[task.pk])
    task.refresh_from_db()
    assert (task.title, task.version) == ("改过的标题", 2)


def test_another_edit_from_a_page_opened_before_the_last_save_is_still_refused(client, station_user):
    task = TaskFactory(office=Office.objects.get(code="police"))
    client.force_login(station_user)
    url = reverse("registry:task_edit", args=[task.pk])
    client.post(url, _edit_data(task))
    response = client.post(url, _edit_data(task, title="另一个标题"))
    assert response.status_code == 200 and SOMEONE_ELSES in response.content.decode()
    task.refresh_from_db()
    assert (task.title, task.version) == ("改过的标题", 2)


def test_an_edit_from_a_page_two_saves_old_is_still_refused(client, station_user, police_user):
    task = TaskFactory(office=Office.objects.get(code="police"))
    opened = _edit_data(task)
    client.force_login(station_user)
    client.post(reverse("registry:task_edit", args=[task.pk]), opened)
    client.force_login(police_user)
    client.post(reverse("registry:task_note", args=[task.pk]), {"text": "进行中", "status": "doing"})
    client.force_login(station_user)
    response = client.post(reverse("registry:task_edit", args=[task.pk]), opened)
    assert response.status_code == 200 and SOMEONE_ELSES in response.content.decode()
