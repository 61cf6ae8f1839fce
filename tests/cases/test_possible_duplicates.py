"""The station's review of files that may be the same child twice (same name and birth date)."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AccessLog
from registry.privacy import mask_id_number
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:possible_duplicates")
BORN = dt.date(2015, 3, 1)


def test_station_sees_files_with_the_same_name_and_birth_date_grouped(client, station_user, village_a, village_b):
    first = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    second = ChildFactory(village=village_b, name="王小明", birth_date=BORN, id_number="")
    namesake = ChildFactory(village=village_a, name="王小明", birth_date=BORN.replace(day=2), id_number="")
    client.force_login(station_user)
    response = client.get(URL)
    [(group, files)] = response.context["groups"]
    assert (group["name"], group["birth_date"], group["files"]) == ("王小明", BORN, 2)
    assert [child for child, _masked in files] == [first, second]
    body = response.content.decode()
    assert reverse("cases:child_detail", args=[first.pk]) in body and "示例" not in body
    assert reverse("cases:child_detail", args=[namesake.pk]) not in body  # another birth date: another child


def test_id_numbers_are_shown_masked(client, station_user, village_a, village_b):
    one = ChildFactory(village=village_a, name="王小明", birth_date=BORN)
    ChildFactory(village=village_b, name="王小明", birth_date=BORN, id_number="")
    client.force_login(station_user)
    body = client.get(URL).content.decode()
    assert one.id_number not in body and mask_id_number(one.id_number) in body


def test_no_groups_is_said_plainly(client, station_user, child_a, child_b):
    client.force_login(station_user)
    assert "没有疑似重复的档案" in client.get(URL).content.decode()


def test_viewing_the_review_is_logged_with_the_files_shown(client, station_user, village_a):
    pair = [ChildFactory(village=village_a, name="李四", birth_date=BORN, id_number="") for _ in range(2)]
    client.force_login(station_user)
    client.get(URL)
    row = AccessLog.objects.get(action=AccessLog.Action.VIEW, detail="疑似重复档案")
    assert sorted(row.object_ids) == sorted(child.pk for child in pair)


@pytest.mark.parametrize("role", ["leader", "director_a", "hotline_user", "police_user", "admin_account"])
def test_only_the_station_reviews_duplicates(client, request, role, village_a):
    ChildFactory(village=village_a, name="赵五", birth_date=BORN, id_number="")
    ChildFactory(village=village_a, name="赵五", birth_date=BORN, id_number="")
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 403 and "赵五" not in response.content.decode()


def test_the_review_reads_a_fixed_number_of_queries(client, station_user, village_a, village_b,
                                                    django_assert_max_num_queries):
    def make_groups(count, start):
        for n in range(start, start + count):
            for village in (village_a, village_b):
                ChildFactory(village=village, name=f"重名{n}", birth_date=BORN, id_number="")

    make_groups(2, 0)
    client.force_login(station_user)
    client.get(URL)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    make_groups(12, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["groups"]) == 14
