"""Who may open which organisation-at-work page (issue 6): every view, every role, 200/403/404.

Village data of 乙社区 (village_b) must never reach director_a, the hotline, office staff or admin.
"""

import pytest
from django.urls import reverse

from registry.models import Facility, FamilyEducationSession, Publicity, Task, TaskNote, Workroom

pytestmark = pytest.mark.django_db

ROLES = ["leader", "station_user", "director_a", "director_b", "hotline_user", "police_user", "school_user",
         "admin_account"]


def _expect(leader=403, station=200, director_a=403, director_b=None, hotline=403, police=403, school=None,
            admin=403):
    values = [leader, station, director_a, director_b if director_b is not None else director_a, hotline, police,
              school if school is not None else police, admin]
    return dict(zip(ROLES, values, strict=True))


VILLAGE_READ = _expect(leader=200, director_a=200)
VILLAGE_B_READ = _expect(leader=200, director_a=404, director_b=200)
VILLAGE_B_CHANGE = _expect(director_a=404, director_b=200)
NEW_IN_A_VILLAGE = _expect(director_a=200)
STATION_ONLY = _expect()

# name, url args (keys of work_b or "village_b"/"director_b"), expected status per role
PAGES = [
    ("registry:work_overview", [], VILLAGE_READ),
    ("registry:workroom", ["village_b"], VILLAGE_B_READ),
    ("registry:workroom_edit", ["village_b"], VILLAGE_B_CHANGE),
    ("registry:director_profile", ["director_b"], STATION_ONLY),
    ("registry:social_forces", [], VILLAGE_READ),
    ("registry:social_force", ["force"], VILLAGE_B_READ),
    ("registry:social_force_new", [], STATION_ONLY),
    ("registry:social_force_edit", ["force"], STATION_ONLY),
    ("registry:social_activity_new", ["force"], STATION_ONLY),
    ("registry:facilities", [], VILLAGE_READ),
    ("registry:facility", ["facility"], VILLAGE_B_READ),
    ("registry:facility_new", [], NEW_IN_A_VILLAGE),
    ("registry:facility_edit", ["facility"], VILLAGE_B_CHANGE),
    ("registry:inspection_new", ["facility"], VILLAGE_B_CHANGE),
    ("registry:inspection_edit", ["facility", "inspection"], VILLAGE_B_CHANGE),
    ("registry:sessions", [], VILLAGE_READ),
    ("registry:session_new", [], NEW_IN_A_VILLAGE),
    ("registry:session_edit", ["session"], VILLAGE_B_CHANGE),
    ("registry:holidays", [], VILLAGE_READ),
    ("registry:holiday_new", [], STATION_ONLY),
    ("registry:publicity", [], VILLAGE_READ),
    ("registry:publicity_new", [], NEW_IN_A_VILLAGE),
    ("registry:publicity_edit", ["publicity"], VILLAGE_B_CHANGE),
    ("registry:tasks", [], _expect(leader=200, director_a=200, police=200)),
    ("registry:task", ["police_task"], _expect(leader=200, director_a=404, police=200, school=404)),
    ("registry:task", ["village_task"], _expect(leader=200, director_a=404, director_b=200, police=404)),
    ("registry:task_new", [], STATION_ONLY),
    ("registry:task_edit", ["police_task"], STATION_ONLY),
]


def _url(name, keys, work_b, request):
    args = []
    for key in keys:
        args.append(work_b[key].pk if key in work_b else request.getfixturevalue(key).pk)
    return reverse(name, args=args)


@pytest.mark.parametrize("name,keys,expected", PAGES, ids=[f"{p[0]}:{'-'.join(p[1])}" for p in PAGES])
def test_each_role_gets_the_right_answer_for_each_page(client, request, all_role_users, work_b, name, keys, expected):
    url = _url(name, keys, work_b, request)
    for role, user in all_role_users.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected[role], (role, url)
        if role in ("director_a", "hotline_user", "police_user", "school_user", "admin_account"):
            body = response.content.decode()
            assert "乙社区" not in body, (role, url)


def test_anonymous_users_are_sent_to_login(client, work_b):
    for name, keys, _expected in PAGES:
        if keys:
            continue
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_leadership_cannot_change_anything(client, leader, work_b, village_b):
    client.force_login(leader)
    posts = [
        (reverse("registry:workroom_edit", args=[village_b.pk]), {"cadre_name": "改", "contact_phone": "13800000000"}),
        (reverse("registry:facility_edit", args=[work_b["facility"].pk]), {"village": village_b.pk, "name": "改"}),
        (reverse("registry:session_edit", args=[work_b["session"].pk]), {"host": "改"}),
        (reverse("registry:publicity_edit", args=[work_b["publicity"].pk]), {"title": "改"}),
        (reverse("registry:task_note", args=[work_b["police_task"].pk]), {"text": "改", "status": "done"}),
        (reverse("registry:task_new"), {"title": "改"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Workroom.objects.get(village=village_b).cadre_name == "乙社区干部"
    assert not TaskNote.objects.exists()


def test_director_cannot_file_records_in_another_village(client, director_a, village_b, work_b):
    client.force_login(director_a)
    before = (Facility.objects.count(), FamilyEducationSession.objects.count(), Publicity.objects.count())
    client.post(reverse("registry:facility_new"), {"village": village_b.pk, "name": "偷建场所", "kind": "library"})
    client.post(reverse("registry:publicity_new"), {
        "village": village_b.pk, "channel": "wechat", "date": "2026-01-05", "title": "t", "content": "c"})
    response = client.post(reverse("registry:session_new"), {
        "village": village_b.pk, "date": "2026-01-05", "start_time": "14:00", "end_time": "16:00", "place": "p",
        "host": "h", "attendance": "1"})
    assert "选择一个有效的选项" in response.content.decode()
    assert (Facility.objects.count(), FamilyEducationSession.objects.count(), Publicity.objects.count()) == before


def test_office_records_progress_only_on_its_own_tasks(client, police_user, school_user, work_b):
    task = work_b["police_task"]
    client.force_login(school_user)
    note_url = reverse("registry:task_note", args=[task.pk])
    assert client.post(note_url, {"text": "x", "status": "done"}).status_code == 404
    client.force_login(police_user)
    response = client.post(reverse("registry:task_note", args=[task.pk]), {"text": "已巡查", "status": "done"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_on is not None


def test_office_task_list_shows_only_its_own_tasks(client, police_user, school_user, work_b):
    client.force_login(school_user)
    body = client.get(reverse("registry:tasks")).content.decode()
    assert "派出所任务" not in body and "乙社区任务" not in body
    client.force_login(police_user)
    body = client.get(reverse("registry:tasks")).content.decode()
    assert "派出所任务" in body and "乙社区任务" not in body


def test_director_sees_and_updates_own_village_task(client, director_b, director_a, work_b):
    task = work_b["village_task"]
    client.force_login(director_a)
    note_url = reverse("registry:task_note", args=[task.pk])
    assert client.post(note_url, {"text": "x", "status": "doing"}).status_code == 404
    client.force_login(director_b)
    assert client.post(note_url, {"text": "走访中", "status": "doing"}).status_code == 302
    assert Task.objects.get(pk=task.pk).status == Task.Status.DOING
