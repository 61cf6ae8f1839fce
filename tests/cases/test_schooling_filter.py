"""The register's 就学状况 filter (控辍保学, DESIGN.md §2 Child): a director lists the children of their own village who
dropped out, on the page and in the Excel ledger, and never another village's."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from cases.models import Child
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

DROPPED_OUT = Child.Schooling.DROPPED_OUT


@pytest.fixture
def pupils(village_a, village_b):
    """One child per schooling status in 甲村, and a child who dropped out in 乙社区."""
    return {
        "甲村辍学": ChildFactory(village=village_a, name="甲村辍学", schooling=DROPPED_OUT),
        "甲村在学": ChildFactory(village=village_a, name="甲村在学", schooling=Child.Schooling.IN_SCHOOL),
        "甲村未入学": ChildFactory(village=village_a, name="甲村未入学", schooling=Child.Schooling.NOT_ENROLLED),
        "乙社区辍学": ChildFactory(village=village_b, name="乙社区辍学", schooling=DROPPED_OUT),
    }


def _listed(client, **params) -> set[str]:
    return {child.name for child in client.get(reverse("cases:child_list"), params).context["page"]}


def _exported(client, **params) -> list[str]:
    rows = load_workbook(BytesIO(client.get(reverse("cases:child_export"), params).content)).active
    return [row[1] for row in list(rows.iter_rows(values_only=True))[1:]]


def test_a_director_lists_the_children_of_their_village_who_dropped_out(client, director_a, pupils):
    client.force_login(director_a)
    assert _listed(client, schooling="dropped_out") == {"甲村辍学"}
    assert _listed(client, schooling="not_enrolled") == {"甲村未入学"}


def test_a_director_does_not_see_another_villages_dropouts(client, director_a, pupils, village_b):
    client.force_login(director_a)
    assert _listed(client, schooling="dropped_out", village=village_b.pk) == {"甲村辍学"}  # the village is ignored
    body = client.get(reverse("cases:child_list"), {"schooling": "dropped_out"}).content.decode()
    assert "乙社区辍学" not in body
    assert _exported(client, schooling="dropped_out") == ["甲村辍学"]


def test_the_station_lists_the_dropouts_of_every_village(client, station_user, pupils):
    client.force_login(station_user)
    assert _listed(client, schooling="dropped_out") == {"甲村辍学", "乙社区辍学"}


def test_the_export_lists_only_the_children_who_dropped_out(client, director_a, pupils):
    client.force_login(director_a)
    assert _exported(client, schooling="dropped_out") == ["甲村辍学"]
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.object_ids == [pupils["甲村辍学"].pk]


def test_the_filter_is_offered_with_each_schooling_status_and_the_export_link_keeps_it(client, director_a, pupils):
    client.force_login(director_a)
    body = client.get(reverse("cases:child_list"), {"schooling": "dropped_out"}).content.decode()
    assert '<select name="schooling"' in body and "就学状况" in body
    for label in ("在学", "辍学", "未入学", "学龄前"):
        assert f">{label}</option>" in body
    assert f'{reverse("cases:child_export")}?schooling=dropped_out' in body


def test_an_unknown_schooling_status_is_flagged_and_still_only_the_own_village_listed(client, director_a, pupils):
    client.force_login(director_a)
    response = client.get(reverse("cases:child_list"), {"schooling": "truant"})
    assert response.context["filter"].form.errors["schooling"]
    assert {child.name for child in response.context["page"]} == {"甲村辍学", "甲村在学", "甲村未入学"}


def test_the_filtered_list_reads_no_more_as_the_village_grows(client, director_a, village_a,
                                                              django_assert_max_num_queries):
    client.force_login(director_a)
    ChildFactory.create_batch(2, village=village_a, schooling=DROPPED_OUT)
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse("cases:child_list"), {"schooling": "dropped_out"}).status_code == 200
    ChildFactory.create_batch(30, village=village_a, schooling=DROPPED_OUT)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("cases:child_list"), {"schooling": "dropped_out"}).status_code == 200
