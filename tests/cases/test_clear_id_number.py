"""Clearing a wrongly entered ID number: the station only; kept in the child's history without the number."""

import pytest
from django.urls import reverse

from audit.selectors import history_for
from cases.models import Child
from tests.factories import GuardianFactory, make_id_number

from .form_data import child_edit_data

pytestmark = pytest.mark.django_db


def _registration_data(village, *, name, birth_date, id_number):
    return {
        "name": name, "sex": "M", "birth_date": birth_date.isoformat(), "id_number": id_number,
        "village": village.pk, "schooling": "in_school",
        "guardians-TOTAL_FORMS": "0", "guardians-INITIAL_FORMS": "0", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10",
    }


@pytest.fixture
def twin_id(child_a):
    """child_a's file was given the ID number of child_a's twin brother, who is not registered yet."""
    number = make_id_number(child_a.birth_date, 901)
    child_a.id_number = number
    child_a.save()
    GuardianFactory(child=child_a, phone="13912345678")
    return number


def _register_twin(client, child_a, twin_id):
    return client.post(reverse("cases:child_create"), _registration_data(
        child_a.village, name="双胞胎弟弟", birth_date=child_a.birth_date, id_number=twin_id))


def test_station_clears_a_wrong_id_number_and_the_real_owner_can_then_be_registered(
        client, station_user, director_a, child_a, twin_id):
    client.force_login(director_a)
    refused = _register_twin(client, child_a, twin_id)
    assert refused.status_code == 200 and "该身份证号码已有档案" in refused.content.decode()

    client.force_login(station_user)
    assert 'name="clear_id_number"' in client.get(reverse("cases:child_edit", args=[child_a.pk])).content.decode()
    response = client.post(reverse("cases:child_edit", args=[child_a.pk]),
                           child_edit_data(child_a, clear_id_number="on"))
    assert response.status_code == 302
    child_a.refresh_from_db()
    assert child_a.id_number == "" and child_a.id_number_hash == ""

    client.force_login(director_a)
    assert _register_twin(client, child_a, twin_id).status_code == 302
    assert Child.objects.get(name="双胞胎弟弟").id_number == twin_id


def test_cleared_id_number_is_in_the_history_without_the_number(client, station_user, child_a, twin_id):
    client.force_login(station_user)
    client.post(reverse("cases:child_edit", args=[child_a.pk]), child_edit_data(child_a, clear_id_number="on"))
    latest = history_for(child_a)[0]
    assert latest.who == station_user
    assert ("身份证号码", "（已加密，不显示）", "—") in [(c.label, c.old, c.new) for c in latest.changes]
    body = client.get(reverse("cases:child_history", args=[child_a.pk])).content.decode()
    assert "身份证号码" in body and twin_id not in body and child_a.history.first().id_number_hash == ""


def test_a_director_gets_no_clear_option_and_a_forged_one_is_ignored(client, director_a, child_a, twin_id):
    client.force_login(director_a)
    assert "clear_id_number" not in client.get(reverse("cases:child_edit", args=[child_a.pk])).content.decode()
    response = client.post(reverse("cases:child_edit", args=[child_a.pk]),
                           child_edit_data(child_a, clear_id_number="on", address="主任改的地址"))
    assert response.status_code == 302
    child_a.refresh_from_db()
    assert child_a.address == "主任改的地址" and child_a.id_number == twin_id


def test_clearing_and_typing_a_new_number_together_is_refused(client, station_user, child_a, twin_id):
    client.force_login(station_user)
    own = make_id_number(child_a.birth_date, 902)
    response = client.post(reverse("cases:child_edit", args=[child_a.pk]),
                           child_edit_data(child_a, clear_id_number="on", id_number=own, address="不应保存"))
    assert response.status_code == 200
    assert "请填写新的身份证号码或勾选清除，不要同时进行。" in response.content.decode()
    child_a.refresh_from_db()
    assert child_a.id_number == twin_id and child_a.address != "不应保存"


def test_no_clear_option_when_no_number_is_stored(client, station_user, child_a):
    Child.objects.filter(pk=child_a.pk).update(id_number="", id_number_hash="")
    client.force_login(station_user)
    assert "clear_id_number" not in client.get(reverse("cases:child_edit", args=[child_a.pk])).content.decode()
