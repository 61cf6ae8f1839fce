"""Finding a child's file by ID number: POST only into the form, exact, within what the user may see, logged."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from tests.factories import ChildFactory, make_id_number

pytestmark = pytest.mark.django_db

URL = reverse("cases:child_lookup")


def _id_with_x(village):
    """A child whose ID number ends in the check letter X (typed in lower case by the tests)."""
    for sequence in range(1000):
        number = make_id_number(ChildFactory.birth_date.function(), sequence)
        if number.endswith("X"):
            return ChildFactory(village=village, id_number=number)
    raise AssertionError("no sequence gives X")


def test_station_opens_a_file_by_id_number(client, station_user, child_a):
    client.force_login(station_user)
    response = client.post(URL, {"id_number": child_a.id_number})
    assert response.status_code == 302 and response["Location"] == reverse("cases:child_detail", args=[child_a.pk])


def test_director_finds_own_child_typed_with_spaces_and_a_lower_case_x(client, director_a, village_a):
    child = _id_with_x(village_a)
    client.force_login(director_a)
    response = client.post(URL, {"id_number": f" {child.id_number.lower()} "})
    assert response["Location"] == reverse("cases:child_detail", args=[child.pk])


@pytest.mark.parametrize("grouped", ["{a} {b} {c}", "{a}-{b}-{c}", "{a}　{b}　{c}"])
def test_a_number_typed_in_groups_as_printed_finds_the_child(client, station_user, village_a, grouped):
    child = _id_with_x(village_a)
    number = child.id_number.lower()
    client.force_login(station_user)
    response = client.post(URL, {"id_number": grouped.format(a=number[:6], b=number[6:14], c=number[14:])})
    assert response.status_code == 302 and response["Location"] == reverse("cases:child_detail", args=[child.pk])


def test_director_cannot_find_a_child_of_another_village(client, director_a, child_b):
    client.force_login(director_a)
    response = client.post(URL, {"id_number": child_b.id_number})
    body = response.content.decode()
    assert response.status_code == 200
    assert "您负责的范围内没有该身份证号码的儿童档案" in body
    assert child_b.name not in body and reverse("cases:child_detail", args=[child_b.pk]) not in body


def test_a_wrong_check_digit_is_refused_in_chinese_and_the_input_kept(client, station_user, child_a):
    wrong = child_a.id_number[:17] + ("0" if child_a.id_number[17] != "0" else "1")
    client.force_login(station_user)
    body = client.post(URL, {"id_number": wrong}).content.decode()
    assert "身份证号码校验位错误" in body and f'value="{wrong}"' in body


def test_the_search_is_logged_with_the_file_found_never_the_number(client, station_user, director_a, child_a,
                                                                   child_b):
    client.force_login(station_user)
    client.post(URL, {"id_number": child_a.id_number})
    client.force_login(director_a)
    client.post(URL, {"id_number": child_b.id_number})
    rows = list(AccessLog.objects.filter(action=AccessLog.Action.SEARCH).order_by("pk"))
    assert [(row.username, row.object_ids) for row in rows] == [(station_user.username, [child_a.pk]),
                                                                 (director_a.username, [])]
    assert all(child_a.id_number not in row.detail and child_b.id_number not in row.detail for row in rows)


@pytest.mark.parametrize("role", ["hotline_user", "police_user", "admin_account"])
def test_roles_without_children_are_refused(client, request, role, child_a):
    client.force_login(request.getfixturevalue(role))
    response = client.post(URL, {"id_number": child_a.id_number})
    assert response.status_code == 403 and child_a.name not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_the_register_links_the_lookup(client, director_a):
    client.force_login(director_a)
    assert f'href="{URL}"' in client.get(reverse("cases:child_list")).content.decode()
