"""The child ledger export looks each choice label up once per export, not once per row; the register's village
filter lists its villages with one query."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import ChildFactory, GuardianFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _export(client, monkeypatch) -> tuple[int, list]:
    """(translation lookups made while exporting, the sheet's rows)."""
    lookups = []
    real = translation._trans.gettext

    def counting(message):
        lookups.append(message)
        return real(message)

    monkeypatch.setattr(translation._trans, "gettext", counting)
    response = client.get(reverse("cases:child_export"))
    monkeypatch.undo()
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    return len(lookups), rows


def test_export_label_lookups_do_not_grow_with_the_rows(client, station_user, village_a, monkeypatch):
    client.force_login(station_user)
    for _ in range(2):
        GuardianFactory(child=ChildFactory(village=village_a, tier="red"))
    few, rows = _export(client, monkeypatch)
    assert len(rows) == 3
    for _ in range(20):
        GuardianFactory(child=ChildFactory(village=village_a, tier="red"))
    many, rows = _export(client, monkeypatch)
    assert len(rows) == 23
    assert many == few
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["性别"] == "女" and row["风险等级"] == "红" and row["与儿童关系"] == "母亲"
    assert row["委托监护确认书"] == "否" and row["个案状态"]


def test_register_village_filter_lists_villages_with_one_query(client, station_user, village_a,
                                                               django_assert_max_num_queries):
    VillageFactory.create_batch(300)
    client.force_login(station_user)
    with django_assert_max_num_queries(50) as captured:
        body = client.get(reverse("cases:child_list")).content.decode()
    listings = [q["sql"] for q in captured.captured_queries
                if '"registry_village"."name"' in q["sql"] and 'FROM "registry_village"' in q["sql"]
                and "WHERE" not in q["sql"]]
    assert len(listings) == 1
    assert body.count('<option value="') >= 301


def test_export_without_filters_does_not_list_the_villages(client, station_user, child_a,
                                                           django_assert_max_num_queries):
    client.force_login(station_user)
    with django_assert_max_num_queries(50) as captured:
        assert client.get(reverse("cases:child_export")).status_code == 200
    assert not [q["sql"] for q in captured.captured_queries
                if '"registry_village"."name"' in q["sql"] and 'FROM "registry_village"' in q["sql"]]
