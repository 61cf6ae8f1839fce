"""The child register: filters, pinyin search, pagination, fixed query count, and the Excel ledger."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from cases.models import ChildCategory
from cases.models.children import pinyin_key
from registry.privacy import mask_id_number
from tests.factories import ChildFactory, GuardianFactory

pytestmark = pytest.mark.django_db


def _children(village, count, prefix="儿童"):
    category = ChildCategory.objects.get(code="left_behind")
    made = []
    for n in range(count):
        child = ChildFactory(village=village, name=f"{prefix}{n}")
        child.categories.add(category)
        GuardianFactory(child=child)
        made.append(child)
    return made


def test_director_list_shows_only_own_village(client, director_a, child_a, child_b):
    client.force_login(director_a)
    body = client.get(reverse("cases:child_list")).content.decode()
    assert child_a.name in body and child_b.name not in body
    assert "乙社区" not in body  # not even as a filter choice


@pytest.mark.parametrize("fixture", ["hotline_user", "police_user", "school_user", "admin_account"])
def test_list_and_export_refused_to_roles_without_villages(client, request, fixture, child_a):
    client.force_login(request.getfixturevalue(fixture))
    for name in ("cases:child_list", "cases:child_export"):
        response = client.get(reverse(name))
        assert response.status_code == 403 and child_a.name.encode() not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_filters_by_tier_category_status_and_village(client, station_user, village_a, village_b):
    red = ChildFactory(village=village_a, name="红色儿童", tier="red")
    ChildFactory(village=village_b, name="绿色儿童", tier="green").categories.add(
        ChildCategory.objects.get(code="orphan"))
    ChildFactory(village=village_b, name="结案儿童", status="closed")
    client.force_login(station_user)

    def names(**params):
        body = client.get(reverse("cases:child_list"), params).content.decode()
        return {n for n in ("红色儿童", "绿色儿童", "结案儿童") if n in body}

    assert names(tier="red") == {"红色儿童"}
    assert names(tier="none") == {"结案儿童"}
    assert names(category=ChildCategory.objects.get(code="orphan").pk) == {"绿色儿童"}
    assert names(status="closed") == {"结案儿童"}
    assert names(village=village_a.pk) == {red.name}


def test_search_by_name_pinyin_initials_and_homophone(client, station_user, village_a):
    child = ChildFactory(village=village_a, name="张晓明", name_pinyin=pinyin_key("张晓明"))
    ChildFactory(village=village_a, name="李华", name_pinyin=pinyin_key("李华"))
    client.force_login(station_user)
    for query in ("晓明", "zhangxiaoming", "zxm", "张小明"):
        body = client.get(reverse("cases:child_list"), {"q": query}).content.decode()
        assert "张晓明" in body and "李华" not in body, query
    log = AccessLog.objects.filter(action=AccessLog.Action.SEARCH).first()
    assert log.object_ids == [child.pk]


def test_director_cannot_filter_into_other_village(client, director_a, village_b, child_b):
    client.force_login(director_a)
    body = client.get(reverse("cases:child_list"), {"village": village_b.pk}).content.decode()
    assert child_b.name not in body


def test_list_query_count_does_not_grow(client, station_user, village_a, django_assert_max_num_queries):
    client.force_login(station_user)
    _children(village_a, 2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse("cases:child_list")).status_code == 200
    _children(village_a, 30, prefix="更多")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("cases:child_list")).status_code == 200


def test_rows_name_categories_in_list_order_from_one_read_of_the_list(client, station_user, village_a,
                                                                      django_assert_max_num_queries):
    first, second = ChildCategory.objects.all()[:2]
    ChildFactory(village=village_a, name="两类儿童").categories.add(second, first)
    client.force_login(station_user)
    with django_assert_max_num_queries(20) as captured:
        body = client.get(reverse("cases:child_list")).content.decode()
    assert f"{first.name}、{second.name}" in body  # the row, in the list's order
    assert body.count(f'">{second.name}</option>') == 1  # and the filter's select
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "cases_childcategory"' in q["sql"]]
    assert len(reads) == 1


def test_list_is_paginated(client, station_user, village_a):
    _children(village_a, 51)
    client.force_login(station_user)
    body = client.get(reverse("cases:child_list")).content.decode()
    assert "1 / 2" in body and "共 51 名儿童" in body


def _sheet(response):
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_export_query_count_does_not_grow(client, station_user, village_a, django_assert_max_num_queries):
    client.force_login(station_user)
    _children(village_a, 2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("cases:child_export"))
    _children(village_a, 30, prefix="更多")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_sheet(client.get(reverse("cases:child_export")))) == 33


def test_director_export_is_masked_limited_and_logged(client, director_a, child_a, child_b):
    GuardianFactory(child=child_a, phone="13912345678")
    client.force_login(director_a)
    response = client.get(reverse("cases:child_export"))
    rows = _sheet(response)
    assert rows[0][:3] == ("序号", "姓名", "性别")
    assert [row[1] for row in rows[1:]] == [child_a.name]
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert mask_id_number(child_a.id_number) in flat and child_a.id_number not in flat
    assert "13912345678" not in flat and "139****5678" in flat
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.object_ids == [child_a.pk] and log.user == director_a


def test_station_export_masks_identifiers_too(client, station_user, child_a):
    """No unredacted export (DESIGN.md §3): the station sees a full number only through the logged "show"."""
    client.force_login(station_user)
    flat = " ".join(str(cell) for row in _sheet(client.get(reverse("cases:child_export"))) for cell in row)
    assert mask_id_number(child_a.id_number) in flat and child_a.id_number not in flat


def test_export_neutralises_formulas(client, station_user, village_a):
    ChildFactory(village=village_a, name="=HYPERLINK(\"http://x\")", address="+1+2")
    client.force_login(station_user)
    rows = _sheet(client.get(reverse("cases:child_export")))
    assert rows[1][1].startswith("'=") and rows[1][7] == "'+1+2"


def test_export_follows_the_filters(client, station_user, village_a, village_b, child_a, child_b):
    client.force_login(station_user)
    rows = _sheet(client.get(reverse("cases:child_export"), {"village": village_b.pk}))
    assert [row[1] for row in rows[1:]] == [child_b.name]
