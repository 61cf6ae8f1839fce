"""The visit ledger export read as plain values: the same file as when it was built from whole visits, the access
log naming exactly the children written, a fixed number of queries, and a refusal (with a message, back to the page
the dates are chosen on) when it would be too big to write in one request."""

import datetime as dt
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from audit.exports import xlsx_response
from audit.models import AccessLog
from cases.models import Child
from registry.roles import Role
from registry.services import add_role
from tests.factories import ChildFactory, UserFactory
from visits.exports import ledger_header
from visits.models import HomeVisit
from visits.selectors import visit_ledger_for

from .factories import HomeVisitFactory

pytestmark = pytest.mark.django_db
LEDGER = reverse("visits:ledger")


def _legacy_rows(visits):
    """The rows as the export wrote them before it read plain values (whole visits with their children)."""
    for number, visit in enumerate(visits, start=1):
        child = visit.child
        yield [
            number, visit.village.name, child.name, child.get_sex_display(), child.get_tier_display() or "",
            visit.visited_on, visit.get_kind_display(), visit.visitors, visit.present, visit.safety, visit.health,
            visit.schooling, visit.mood, visit.guardian_performance, visit.problems, visit.actions, visit.next_steps,
            _("是") if visit.risk_changed else _("否"), str(visit.recorded_by or ""),
        ]


def _cells(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


def _legacy_file(user, **filters) -> list[tuple]:
    visits = list(visit_ledger_for(user, **filters))
    return _cells(xlsx_response("x.xlsx", ledger_header(), _legacy_rows(visits)).content)


@pytest.fixture
def ledger_data(village_a, village_b, director_a, today):
    """Visits of every kind by children of both sexes, every tier and none, one who moved village, recorded by a
    named user, a user with no real name and nobody (a deleted account), with text a spreadsheet would run."""
    nameless = UserFactory(username="nameless", real_name="")
    boy = ChildFactory(village=village_a, name="甲村男孩", sex=Child.Sex.MALE, tier="red")
    girl = ChildFactory(village=village_a, name="甲村女孩", tier="")
    moved = ChildFactory(village=village_a, name="搬家儿童", tier="yellow")
    other = ChildFactory(village=village_b, name="乙社区儿童", tier="orange")
    kinds = list(HomeVisit.Kind.values)
    for i, (child, recorder) in enumerate([(boy, director_a), (girl, nameless), (moved, None), (other, director_a),
                                           (boy, None), (girl, director_a)]):
        HomeVisitFactory(
            child=child, visited_on=today - dt.timedelta(days=40 - 5 * i), kind=kinds[i % len(kinds)],
            visitors=f"走访人{i}", present="儿童、祖母" if i % 2 else "", safety="安全",
            health="=1+1" if i == 2 else "健康", schooling="在校", mood="平稳", guardian_performance="履职",
            problems=f"问题{i}", actions="-联系学校", next_steps="回访", risk_changed=bool(i % 2), recorded_by=recorder,
        )
    moved.village = village_b  # its earlier visits stay in 甲村's ledger
    moved.save()
    HomeVisitFactory(child=moved, visited_on=today, problems="搬家后走访", recorded_by=director_a)
    return {"children": [boy, girl, moved, other]}


@pytest.mark.parametrize("params", [{}, {"village": "a"}, {"start": 20, "end": 5}])
def test_the_file_is_the_one_built_from_whole_visits(client, station_user, ledger_data, village_a, today, params):
    filters, query = {}, {}
    if "village" in params:
        filters["village"], query["village"] = village_a, village_a.pk
    if "start" in params:
        filters["start"] = today - dt.timedelta(days=params["start"])
        filters["end"] = today - dt.timedelta(days=params["end"])
        query.update(start=filters["start"].isoformat(), end=filters["end"].isoformat())
    client.force_login(station_user)
    response = client.get(LEDGER, query)
    assert response.status_code == 200
    rows = _cells(response.content)
    assert len(rows) > 2
    assert rows == _legacy_file(station_user, **filters)
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.object_ids == sorted({visit.child_id for visit in visit_ledger_for(station_user, **filters)})


def test_the_english_file_is_the_one_built_from_whole_visits(client, station_user, ledger_data):
    client.force_login(station_user)
    rows = _cells(client.get(LEDGER, HTTP_ACCEPT_LANGUAGE="en").content)
    with translation.override("en"):
        assert rows == _legacy_file(station_user)
    assert "Male" in {row[3] for row in rows}


def test_a_directors_file_and_its_log_name_only_their_villages_children(client, director_a, ledger_data):
    client.force_login(director_a)
    rows = _cells(client.get(LEDGER).content)
    assert rows == _legacy_file(director_a)
    assert {row[2] for row in rows[1:]} == {"甲村男孩", "甲村女孩"}  # the child who moved away is no longer theirs
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    boy, girl, _moved, _other = ledger_data["children"]
    assert log.object_ids == sorted([boy.pk, girl.pk]) and log.detail == "visit ledger"


def test_query_count_does_not_grow_with_the_visits(client, django_assert_max_num_queries, station_user, child_a,
                                                   child_b):
    client.force_login(station_user)
    HomeVisitFactory(child=child_a)
    client.get(LEDGER)  # the session's first request
    with django_assert_max_num_queries(99) as few:
        client.get(LEDGER)
    for i in range(20):
        HomeVisitFactory(child=child_a if i % 2 else child_b, recorded_by=station_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LEDGER)
    assert len(_cells(response.content)) == 22


@pytest.mark.parametrize(("fixture", "back"), [("station_user", "visits:summary"), ("leader", "visits:summary"),
                                              ("director_a", "visits:due")])
def test_an_export_too_big_is_refused_with_a_message(client, request, settings, child_a, fixture, back):
    settings.VISIT_EXPORT_MAX_ROWS = 2
    for _i in range(3):
        HomeVisitFactory(child=child_a)
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(LEDGER)
    assert response.status_code == 302 and response["Location"] == reverse(back)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "导出的记录太多（3 条，最多 2 条）：请缩小日期范围或按村(社区)导出。"
    ]
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
    assert "导出的记录太多" in client.get(response["Location"]).content.decode()  # shown on the page landed on


def test_an_export_at_the_limit_is_written(client, settings, station_user, child_a, child_b, today):
    settings.VISIT_EXPORT_MAX_ROWS = 2
    HomeVisitFactory(child=child_a, visited_on=today - dt.timedelta(days=30))
    HomeVisitFactory(child=child_a, visited_on=today - dt.timedelta(days=2))
    HomeVisitFactory(child=child_b, visited_on=today - dt.timedelta(days=1))
    client.force_login(station_user)
    response = client.get(LEDGER, {"start": (today - dt.timedelta(days=7)).isoformat()})  # 2 of the 3
    assert response.status_code == 200 and len(_cells(response.content)) == 3
    assert client.get(LEDGER, {"village": child_a.village_id}).status_code == 200


@pytest.mark.parametrize("role", [Role.HOTLINE, Role.OFFICE, Role.ADMIN])
def test_roles_without_children_get_no_file(client, child_a, role):
    HomeVisitFactory(child=child_a)
    user = UserFactory(username=f"no-{role}")
    add_role(user=user, role=role)
    client.force_login(user)
    response = client.get(LEDGER)
    assert response.status_code == 403
    assert not response.get("Content-Type", "").startswith("application/vnd.openxmlformats")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
