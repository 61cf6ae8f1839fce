"""The register page loads only what its rows show; its filter form keeps the reader's choices; the export is whole."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import ChildCategory
from registry.services import grant_village_access
from tests.factories import ChildFactory, GuardianFactory, VillageFactory

pytestmark = pytest.mark.django_db


def test_register_page_reads_no_guardians_and_no_identifiers(client, station_user, village_a):
    child = ChildFactory(village=village_a, name="名册儿童", id_number="110101201501010011")
    GuardianFactory(child=child, name="名册监护人")
    client.force_login(station_user)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("cases:child_list")).content.decode()
    assert "名册儿童" in body and "名册监护人" not in body
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "cases_guardian" not in sql
    assert '"id_number"' not in sql


def test_register_export_still_lists_guardians(client, station_user, village_a):
    GuardianFactory(child=ChildFactory(village=village_a), name="导出监护人")
    client.force_login(station_user)
    sheet = load_workbook(BytesIO(client.get(reverse("cases:child_export")).content)).active
    assert any("导出监护人" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def test_filter_form_shows_the_chosen_filters_again(client, station_user, village_a, village_b):
    client.force_login(station_user)
    body = client.get(reverse("cases:child_list"), {
        "village": village_b.pk, "q": "zhang", "tier": "none", "overdue": "on",
    }).content.decode()
    assert f'<option value="{village_b.pk}" selected>' in body
    assert f'<option value="{village_a.pk}">' in body
    assert 'name="q" value="zhang"' in body
    assert '<option value="none" selected>' in body
    assert 'name="overdue" class="checkboxinput form-check-input" id="id_overdue" checked' in body
    assert '<label for="id_village" class="form-label">村(社区)</label>' in body


def test_filter_form_marks_an_invalid_choice(client, station_user):
    client.force_login(station_user)
    body = client.get(reverse("cases:child_list"), {"status": "nonsense"}).content.decode()
    assert 'class="select form-select is-invalid" id="id_status" aria-invalid="true"' in body
    assert 'id="id_status_error" class="invalid-feedback"' in body


def test_register_rows_show_each_tier_as_its_badge_in_the_readers_language(client, station_user, village_a):
    ChildFactory(village=village_a, name="红色儿童", tier="red")
    ChildFactory(village=village_a, name="未评估儿童", tier="")
    client.force_login(station_user)
    body = client.get(reverse("cases:child_list")).content.decode()
    assert '<span class="badge tier-red">红</span>' in body
    assert '<span class="badge text-bg-light">未评估</span>' in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("cases:child_list")).content.decode()
    assert '<span class="badge tier-red">Red</span>' in body
    assert '<span class="badge text-bg-light">Not assessed</span>' in body


def test_village_filter_lists_only_the_directors_villages(client, director_a, village_a, village_b):
    third = VillageFactory(name="丙村")
    grant_village_access(user=director_a, village=third)
    client.force_login(director_a)
    body = client.get(reverse("cases:child_list")).content.decode()
    assert f'<option value="{village_a.pk}">{village_a.name}</option>' in body
    assert f'<option value="{third.pk}">丙村</option>' in body
    assert f">{village_b.name}</option>" not in body


def test_register_rows_name_each_childs_categories_in_the_category_order(client, station_user, village_a):
    first, second, third = ChildCategory.objects.order_by("order")[:3]
    several = ChildFactory(village=village_a, name="多类别儿童")
    several.categories.set([third, first])
    ChildFactory(village=village_a, name="无类别儿童").categories.set([])
    ChildFactory(village=village_a, name="单类别儿童").categories.set([second])
    client.force_login(station_user)
    body = client.get(reverse("cases:child_list")).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in body.split("<tr>")[1:]}
    assert f'<td class="small">{first.name}、{third.name}</td>' in rows["多类别儿童"]
    assert f'<td class="small">{second.name}</td>' in rows["单类别儿童"]
    assert '<td class="small"></td>' in rows["无类别儿童"]


def test_director_of_one_village_sees_no_village_column_or_filter(client, director_a, village_a):
    ChildFactory(village=village_a, name="本村儿童")
    client.force_login(director_a)
    response = client.get(reverse("cases:child_list"))
    body = response.content.decode()
    assert "本村儿童" in body and f"儿童名册 · {village_a.name}" in body
    assert 'name="village"' not in body and "<th>村(社区)</th>" not in body
    # a village given in the address changes nothing: the director's one village is all there is
    assert "本村儿童" in client.get(reverse("cases:child_list"), {"village": 999999}).content.decode()


def test_station_sees_the_village_of_each_child(client, station_user, village_a, village_b):
    ChildFactory(village=village_a, name="甲村的孩子")
    client.force_login(station_user)
    body = client.get(reverse("cases:child_list")).content.decode()
    assert 'name="village"' in body and "<th>村(社区)</th>" in body and "<td>甲村</td>" in body
