"""A child's file moved to another village: the old village's directors, who may no longer open it, are told it left
and the links they were sent to it stop leading to a 404; the new village's directors (or the station, when there
is none) are told it is now theirs to visit; nobody else's notifications change."""

import pytest
from django.urls import reverse

from cases.models import Child
from cases.services import update_child
from registry.models import Notification
from registry.roles import Role
from registry.services import add_role, grant_village_access, notify
from tests.factories import GuardianFactory, UserFactory, VillageFactory

from .form_data import child_edit_data

pytestmark = pytest.mark.django_db


def _file(child):
    return reverse("cases:child_detail", args=[child.pk])


def _visits(child):
    return reverse("visits:child", args=[child.pk])


@pytest.fixture
def linked(director_a, station_user, child_a):
    """What 甲村's director and the station were sent about the child (a visit reminder, a closure request…)."""
    GuardianFactory(child=child_a)
    for url in (_file(child_a), _visits(child_a)):
        notify(recipients=[director_a, station_user], compose=lambda: ("家访提醒", "甲村"), url=url)
    return child_a


def _move(by, child, village):
    child = Child.objects.get(pk=child.pk)
    return update_child(by=by, child=child, version=child.version, village=village)


def _notes(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_the_old_villages_director_is_told_and_no_link_leads_to_a_file_they_may_not_open(
        client, station_user, director_a, director_b, linked, village_b):
    client.force_login(station_user)
    client.post(reverse("cases:child_edit", args=[linked.pk]), child_edit_data(linked, village=village_b.pk))
    assert Child.objects.get(pk=linked.pk).village == village_b

    *reminders, left = _notes(director_a)
    assert [note.url for note in reminders] == ["", ""]
    assert left.title == "儿童已迁出本村" and f"档案 {linked.pk} 已迁往其他村（社区）" in left.body
    assert linked.name not in left.body and left.url == ""
    client.force_login(director_a)
    page = client.get(reverse("registry:notifications")).content.decode()
    assert "儿童已迁出本村" in page and _file(linked) not in page and _visits(linked) not in page
    assert client.get(_file(linked)).status_code == 404


def test_the_new_villages_director_is_told_with_a_link_they_may_open(client, station_user, director_b, linked,
                                                                     village_b):
    _move(station_user, linked, village_b)

    [arrived] = _notes(director_b)
    assert arrived.title == "儿童迁入本村" and "已迁入乙社区，请按风险等级安排家访" in arrived.body
    client.force_login(director_b)
    assert client.get(arrived.url).status_code == 200 and arrived.url == _file(linked)


def test_the_station_keeps_its_links_and_hears_nothing_when_the_new_village_has_a_director(
        station_user, director_b, linked, village_b):
    before = [(note.pk, note.url) for note in _notes(station_user)]
    _move(station_user, linked, village_b)
    assert [(note.pk, note.url) for note in _notes(station_user)] == before


def test_a_director_of_both_villages_keeps_the_links_and_is_not_told_of_their_own_move(
        director_a, linked, village_b):
    grant_village_access(user=director_a, village=village_b)
    before = [(note.pk, note.url) for note in _notes(director_a)]
    _move(director_a, linked, village_b)
    assert [(note.pk, note.url) for note in _notes(director_a)] == before


def test_a_move_to_a_village_without_a_director_tells_the_station_why_but_not_the_mover(director_a, station_user,
                                                                                        linked):
    colleague = UserFactory(username="station2")
    add_role(user=colleague, role=Role.STATION)
    before = len(_notes(station_user))
    _move(station_user, linked, VillageFactory(code="vc", name="丙村"))

    [told] = _notes(colleague)
    assert told.title == "儿童迁入本村" and "已迁入丙村" in told.body and "已转工作站处理" in told.body
    assert len(_notes(station_user)) == before


def test_saving_a_file_without_moving_it_tells_nobody(station_user, director_a, linked):
    before = Notification.objects.count()
    child = Child.objects.get(pk=linked.pk)
    update_child(by=station_user, child=child, version=child.version, address="新地址")
    assert Notification.objects.count() == before and {note.url for note in _notes(director_a)} == {
        _file(linked), _visits(linked)}
