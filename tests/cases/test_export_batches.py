"""The child ledger is read as three streams in register order (children, guardians, category links) fetched in
chunks: every child appears once with its own primary guardian and categories, whatever the chunk boundaries; the
number of queries does not grow with the children; the access log names exactly the children in the file."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from cases import exports
from cases.models import Child, ChildCategory, Guardian
from tests.factories import ChildFactory, GuardianFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict]:
    sheet = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    return [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]


def test_batches_keep_each_childs_guardian_and_categories(client, station_user, village_a, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    first, second = ChildCategory.objects.order_by("order")[:2]
    children = [ChildFactory(village=village_a, name=f"儿童{i}") for i in range(5)]
    for i, child in enumerate(children):
        # The primary guardian is entered second: the ledger still shows the primary one.
        GuardianFactory(child=child, name=f"次要{i}", is_primary=False, phone=f"1380000000{i}")
        GuardianFactory(child=child, name=f"主要{i}", relation=Guardian.Relation.FATHER, phone=f"1390000000{i}")
    children[2].categories.set([second, first])
    children[3].categories.set([first])
    client.force_login(station_user)

    rows = _rows(client.get(reverse("cases:child_export")))

    assert [row["姓名"] for row in rows] == [f"儿童{i}" for i in range(5)]
    assert [row["序号"] for row in rows] == [1, 2, 3, 4, 5]
    assert [row["主要监护人"] for row in rows] == [f"主要{i}" for i in range(5)]
    assert [row["监护人电话"] for row in rows] == [f"139****000{i}" for i in range(5)]  # the primary's, masked
    assert rows[0]["与儿童关系"] == "父亲"
    assert [row["儿童类别"] for row in rows] == [None, None, f"{first.name}、{second.name}", first.name, None]
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.object_ids == [child.pk for child in children]


def test_child_without_guardian_has_empty_guardian_cells(client, director_a, village_a):
    ChildFactory(village=village_a, id_number="")
    client.force_login(director_a)
    (row,) = _rows(client.get(reverse("cases:child_export")))
    assert row["主要监护人"] is None and row["监护人电话"] is None and row["身份证号码"] is None


def test_filtered_export_logs_only_the_exported_children(client, station_user, village_a):
    kept = ChildFactory(village=village_a, name="保留")
    ChildFactory(village=village_a, name="其他", status=Child.Status.CLOSED)
    client.force_login(station_user)
    rows = _rows(client.get(reverse("cases:child_export"), {"status": Child.Status.OPEN}))
    assert [row["姓名"] for row in rows] == ["保留"]
    assert AccessLog.objects.get(action=AccessLog.Action.EXPORT).object_ids == [kept.pk]


def test_export_queries_do_not_grow_with_the_children(client, station_user, village_a, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    category = ChildCategory.objects.first()

    def add_children(n):
        for _ in range(n):
            child = ChildFactory(village=village_a)
            GuardianFactory(child=child)
            child.categories.set([category])

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:child_export")).status_code == 200
        return len(captured.captured_queries)

    client.force_login(station_user)
    add_children(3)
    few = queries_for_export()
    add_children(9)
    assert queries_for_export() == few


def test_export_filtered_by_a_category_still_lists_every_category_of_the_child(client, station_user, village_a):
    first, second = ChildCategory.objects.order_by("order")[:2]
    child = ChildFactory(village=village_a, name="两类儿童")
    child.categories.set([first, second])
    ChildFactory(village=village_a, name="无类别儿童")
    client.force_login(station_user)
    rows = _rows(client.get(reverse("cases:child_export"), {"category": second.pk}))
    assert [row["姓名"] for row in rows] == ["两类儿童"]
    assert rows[0]["儿童类别"] == f"{first.name}、{second.name}"
