"""Editing a child (lost-update guard, identifiers never pre-filled in clear) and the child's file page."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Child
from registry.privacy import mask_id_number
from tests.factories import GuardianFactory

from .form_data import child_edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded_child(child_a):
    GuardianFactory(child=child_a, phone="13912345678")
    return child_a


def test_edit_form_never_shows_full_id_or_phone(client, station_user, guarded_child):
    client.force_login(station_user)
    body = client.get(reverse("cases:child_edit", args=[guarded_child.pk])).content.decode()
    assert guarded_child.id_number not in body
    assert mask_id_number(guarded_child.id_number) in body
    assert "13912345678" not in body and "139****5678" in body


def test_blank_identifiers_keep_the_stored_values(client, director_a, guarded_child):
    original_id = guarded_child.id_number
    client.force_login(director_a)
    response = client.post(reverse("cases:child_edit", args=[guarded_child.pk]), child_edit_data(guarded_child))
    assert response.status_code == 302
    guarded_child.refresh_from_db()
    assert guarded_child.address == "新地址" and guarded_child.id_number == original_id
    assert guarded_child.version == 2
    assert guarded_child.guardians.get().phone == "13912345678"


def test_stale_save_is_refused_and_input_kept(client, director_a, station_user, guarded_child):
    stale = child_edit_data(guarded_child, address="主任的修改")
    client.force_login(station_user)
    assert client.post(reverse("cases:child_edit", args=[guarded_child.pk]),
                       child_edit_data(guarded_child, address="工作站的修改")).status_code == 302
    client.force_login(director_a)
    response = client.post(reverse("cases:child_edit", args=[guarded_child.pk]), stale)
    body = response.content.decode()
    assert response.status_code == 200
    assert "该档案已被他人修改" in body
    assert 'value="主任的修改"' in body
    guarded_child.refresh_from_db()
    assert guarded_child.address == "工作站的修改"


def test_director_cannot_edit_other_village(client, director_b, guarded_child):
    client.force_login(director_b)
    assert client.get(reverse("cases:child_edit", args=[guarded_child.pk])).status_code == 404
    response = client.post(reverse("cases:child_edit", args=[guarded_child.pk]), child_edit_data(guarded_child))
    assert response.status_code == 404


def test_leadership_reads_but_cannot_edit(client, leader, guarded_child):
    client.force_login(leader)
    assert client.get(reverse("cases:child_detail", args=[guarded_child.pk])).status_code == 200
    assert client.get(reverse("cases:child_edit", args=[guarded_child.pk])).status_code == 403
    response = client.post(reverse("cases:child_edit", args=[guarded_child.pk]), child_edit_data(guarded_child))
    assert response.status_code == 403
    assert Child.objects.get(pk=guarded_child.pk).address != "新地址"


def test_child_file_is_logged_and_masked(client, director_a, guarded_child):
    client.force_login(director_a)
    body = client.get(reverse("cases:child_detail", args=[guarded_child.pk])).content.decode()
    assert guarded_child.name in body
    assert guarded_child.id_number not in body and mask_id_number(guarded_child.id_number) in body
    assert "13912345678" not in body
    # 显示: the guardians' phones for the village's director (home visits are arranged by phone), never the ID number
    assert reverse("audit:reveal_child_id_number", args=[guarded_child.pk]) not in body
    assert reverse("audit:reveal_guardian_phone", args=[guarded_child.guardians.get().pk]) in body
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert log.user == director_a and log.object_type == "child" and log.object_ids == [guarded_child.pk]


def test_station_gets_reveal_buttons_for_id_and_phone(client, station_user, guarded_child):
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[guarded_child.pk])).content.decode()
    assert reverse("audit:reveal_child_id_number", args=[guarded_child.pk]) in body
    assert reverse("audit:reveal_guardian_phone", args=[guarded_child.guardians.get().pk]) in body
    assert guarded_child.id_number not in body


@pytest.mark.parametrize("fixture", ["director_b", "hotline_user", "police_user", "school_user", "admin_account"])
def test_roles_without_the_village_get_404_on_the_file(client, request, fixture, guarded_child):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("cases:child_detail", args=[guarded_child.pk]))
    assert response.status_code == 404
    assert guarded_child.name not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW).exists()


def test_history_is_for_the_station_only(client, station_user, director_a, leader, guarded_child):
    guarded_child.address = "搬家后的地址"
    guarded_child.save()
    client.force_login(station_user)
    body = client.get(reverse("cases:child_history", args=[guarded_child.pk])).content.decode()
    assert "搬家后的地址" in body and "修改记录" in body
    for user in (director_a, leader):
        client.force_login(user)
        assert client.get(reverse("cases:child_history", args=[guarded_child.pk])).status_code == 403


def test_a_stored_guardian_phone_can_be_deleted(client, director_a, guarded_child):
    client.force_login(director_a)
    response = client.post(reverse("cases:child_edit", args=[guarded_child.pk]),
                           child_edit_data(guarded_child, **{"guardians-0-clear_phone": "on"}))
    assert response.status_code == 302
    assert guarded_child.guardians.get().phone == ""


def test_new_phone_and_delete_together_is_refused_and_nothing_changes(client, director_a, guarded_child):
    client.force_login(director_a)
    response = client.post(reverse("cases:child_edit", args=[guarded_child.pk]), child_edit_data(
        guarded_child, address="不应保存", **{"guardians-0-clear_phone": "on", "guardians-0-phone": "13800001111"}))
    assert response.status_code == 200
    assert "请填写新号码或勾选删除，不要同时进行。" in response.content.decode()
    guarded_child.refresh_from_db()
    assert guarded_child.address != "不应保存" and guarded_child.guardians.get().phone == "13912345678"


def test_the_file_offers_its_visits_and_a_new_visit_to_those_who_file_them(client, director_a, leader, child_a):
    client.force_login(director_a)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert reverse("visits:new", args=[child_a.pk]) in body and reverse("visits:child", args=[child_a.pk]) in body
    client.force_login(leader)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert reverse("visits:new", args=[child_a.pk]) not in body


def _edit_views():
    return list(AccessLog.objects.filter(action=AccessLog.Action.VIEW, detail="edit").values_list("user__username",
                                                                                                  "object_ids"))


def test_showing_the_edit_form_is_logged_as_a_view_of_the_file(client, director_a, guarded_child):
    client.force_login(director_a)
    client.get(reverse("cases:child_edit", args=[guarded_child.pk]))
    client.post(reverse("cases:child_edit", args=[guarded_child.pk]), child_edit_data(guarded_child, birth_date=""))
    assert _edit_views() == [("director_a", [guarded_child.pk])] * 2  # shown, then shown again with its errors


@pytest.mark.parametrize("fixture", ["director_b", "leader"])
def test_a_refused_edit_form_logs_nothing(client, request, guarded_child, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("cases:child_edit", args=[guarded_child.pk])).status_code in (403, 404)
    assert _edit_views() == []
