"""A child's 负责儿童主任: one of the village's child directors, chosen when registering or editing the file; the
due list narrows to one director's children (DESIGN.md §2: due lists per village and per director)."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Child
from registry.models import User
from registry.services import grant_village_access, revoke_village_access
from tests.factories import ChildFactory, UserFactory

from ..visits.conftest import set_due
from .form_data import child_edit_data
from .test_register import _post

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_a(village_a):
    """A second child director of village A."""
    user = UserFactory(username="director_a2", real_name="甲村第二主任")
    grant_village_access(user=user, village=village_a)
    return user


@pytest.fixture
def assigned(child_a, colleague_a, director_a):
    child_a.guardians.create(relation="mother", name="母亲", situation="migrant", is_primary=True)
    Child.objects.filter(pk=child_a.pk).update(responsible_director=colleague_a)
    child_a.refresh_from_db()
    return child_a


def test_a_director_registering_a_child_is_its_responsible_director(client, director_a, village_a):
    client.force_login(director_a)
    form = client.get(reverse("cases:child_create")).content.decode()
    assert f'<option value="{director_a.pk}" selected>' in form
    client.post(reverse("cases:child_create"), _post(village_a, responsible_director=director_a.pk))
    assert Child.objects.get(name="新登记儿童").responsible_director == director_a


def test_the_station_assigns_a_child_and_the_file_and_its_history_show_it(client, station_user, colleague_a,
                                                                           assigned):
    client.force_login(station_user)
    client.post(reverse("cases:child_edit", args=[assigned.pk]),
                child_edit_data(assigned, responsible_director=colleague_a.pk))
    body = client.get(reverse("cases:child_detail", args=[assigned.pk])).content.decode()
    assert '<dd class="col-7" id="responsible-director">甲村第二主任</dd>' in body
    assert assigned.history.first().responsible_director_id == colleague_a.pk


def test_a_director_of_another_village_is_refused_in_chinese_and_nothing_changes(client, station_user,
                                                                                 director_b, assigned):
    client.force_login(station_user)
    response = client.post(reverse("cases:child_edit", args=[assigned.pk]),
                           child_edit_data(assigned, responsible_director=director_b.pk, address="改过的地址"))
    body = response.content.decode()
    assert response.status_code == 200 and "负责儿童主任须是该儿童所在村（社区）的儿童主任" in body
    assert "改过的地址" in body  # the input is kept
    assigned.refresh_from_db()
    assert assigned.address != "改过的地址" and assigned.responsible_director.username == "director_a2"


def test_moving_a_child_asks_for_a_director_of_the_new_village(client, station_user, village_b, assigned):
    client.force_login(station_user)
    data = child_edit_data(assigned, village=village_b.pk, responsible_director=assigned.responsible_director_id)
    response = client.post(reverse("cases:child_edit", args=[assigned.pk]), data)
    assert "请重新选择" in response.content.decode()
    assert Child.objects.get(pk=assigned.pk).village_id != village_b.pk


def test_a_director_is_offered_only_their_villages_directors(client, director_a, director_b, colleague_a, assigned):
    client.force_login(director_a)
    form = client.get(reverse("cases:child_edit", args=[assigned.pk])).content.decode()
    assert "甲村第二主任" in form and f'<option value="{director_b.pk}"' not in form


def test_the_due_list_narrows_to_one_directors_children(client, director_a, colleague_a, village_a, assigned):
    today = dt.date.today()
    set_due(assigned, today)
    mine = set_due(ChildFactory(village=village_a, name="甲村我的儿童", responsible_director=director_a), today)
    client.force_login(director_a)
    everyone = client.get(reverse("visits:due")).content.decode()
    assert assigned.name in everyone and mine.name in everyone and 'id="mine"' in everyone
    assert f'?director={colleague_a.pk}">甲村第二主任</a>' in everyone
    only_mine = client.get(reverse("visits:due"), {"director": director_a.pk}).content.decode()
    assert mine.name in only_mine and assigned.name not in only_mine and 'id="director-filter"' in only_mine


def test_a_directors_name_on_a_filtered_due_list_keeps_the_filters(client, station_user, colleague_a, village_a,
                                                                      assigned):
    set_due(assigned, dt.date.today() - dt.timedelta(days=3))
    client.force_login(station_user)
    page = client.get(reverse("visits:due"), {"only": "overdue", "village": village_a.pk}).content.decode()
    link = f'?director={colleague_a.pk}&amp;only=overdue&amp;village={village_a.pk}">甲村第二主任</a>'
    assert link in page


def test_another_villages_director_cannot_list_or_learn_of_these_children(client, director_b, colleague_a,
                                                                          assigned):
    set_due(assigned, dt.date.today())
    client.force_login(director_b)
    assert client.get(reverse("visits:due"), {"director": colleague_a.pk}).status_code == 404
    assert client.get(reverse("visits:due"), {"director": "x"}).status_code == 404
    assert assigned.name not in client.get(reverse("visits:due")).content.decode()


def test_a_director_who_left_the_village_is_asked_to_be_replaced_and_nothing_else_is_lost(client, station_user,
                                                                                          director_a, assigned):
    revoke_village_access(user=Child.objects.get(pk=assigned.pk).responsible_director, village=assigned.village)
    client.force_login(station_user)
    data = child_edit_data(assigned, responsible_director=assigned.responsible_director_id, address="新地址一组")
    body = client.post(reverse("cases:child_edit", args=[assigned.pk]), data).content.decode()
    assert "这位儿童主任已不在本村（社区）工作或账号已停用" in body and "新地址一组" in body
    response = client.post(reverse("cases:child_edit", args=[assigned.pk]),
                           {**data, "responsible_director": director_a.pk})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert (assigned.responsible_director, assigned.address) == (director_a, "新地址一组")



@pytest.fixture
def departed(colleague_a, assigned):
    """甲村's second director left: the account is switched off, still named responsible for `assigned`."""
    User.objects.filter(pk=colleague_a.pk).update(is_active=False)
    return colleague_a


def test_a_departed_directors_children_are_marked_and_listed_for_the_station(client, station_user, departed,
                                                                           assigned, village_a):
    set_due(assigned, dt.date.today() - dt.timedelta(days=2))
    client.force_login(station_user)
    page = client.get(reverse("visits:due")).content.decode()
    assert "（已离任，请重新指定）" in page
    mine = client.get(reverse("visits:due"), {"director": departed.pk})
    assert mine.status_code == 200 and assigned.name in mine.content.decode()
    file = client.get(reverse("cases:child_detail", args=[assigned.pk])).content.decode()
    assert "甲村第二主任 <span class=\"text-danger\" data-director-left>（已离任，请重新指定）</span>" in file


def test_a_working_director_is_not_marked(client, station_user, colleague_a, assigned):
    set_due(assigned, dt.date.today())
    client.force_login(station_user)
    assert "data-director-left" not in client.get(reverse("visits:due")).content.decode()
    assert "data-director-left" not in client.get(reverse("cases:child_detail", args=[assigned.pk])).content.decode()


def test_reminders_do_not_leave_the_child_to_a_director_who_left(director_a, departed, assigned):
    from visits.reminders import run_reminder_pass

    today = dt.date.today()
    set_due(assigned, today - dt.timedelta(days=1))
    run_reminder_pass(today=today)
    body = director_a.notifications.get().body
    assert f"档案 {assigned.pk}" in body and "负责" not in body


def test_another_villages_director_cannot_list_a_departed_directors_children(client, director_b, departed):
    client.force_login(director_b)
    assert client.get(reverse("visits:due"), {"director": departed.pk}).status_code == 404
