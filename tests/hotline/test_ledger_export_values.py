"""The call ledger export read as plain values: the same file, cell for cell, as when it was built from whole calls
(labels, masked numbers, withheld reporters for every reader), the same access log, a fixed number of queries."""

import datetime as dt
from io import BytesIO

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from audit.exports import xlsx_response
from audit.models import AccessLog
from hotline.exports import ledger_header
from hotline.filters import CallFilter
from hotline.models import HotlineCall, IssueCategory
from hotline.selectors import ledger_calls, withhold_reporters
from registry.models import Office
from registry.privacy import mask_phone
from tests.factories import ChildFactory, UserFactory
from zhanpu.text import series

from .factories import CallFactory

pytestmark = pytest.mark.django_db
EXPORT = reverse("hotline:export")
READERS = ["station_user", "hotline_user", "leader", "director_a", "police_user"]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _legacy_rows(calls):
    """The rows as the export wrote them before it read plain values (whole calls, withheld in memory)."""
    withheld = _("保密")
    for number, call in enumerate(calls, start=1):
        yield [
            number, _when(call.received_at), str(call.operator), call.duration_minutes,
            *((withheld, withheld) if getattr(call, "caller_withheld", False)
              else (call.get_caller_relation_display(), mask_phone(call.caller_phone))),
            call.get_call_type_display(), series(category.name for category in call.categories.all()),
            call.get_urgency_display(), call.summary, call.get_action_display(), str(call.office or ""),
            str(call.child or ""), _when(call.follow_up_due), _when(call.callback_at),
            str(call.callback_by or ""), call.callback_result, call.get_status_display(), _when(call.closed_at),
            call.outcome,
        ]


def _legacy(user, params: dict) -> tuple[list[tuple], list[int]]:
    """The old view: (the file's cells, the calls it logged)."""
    request = RequestFactory().get(EXPORT, params)
    calls = list(CallFilter(request.GET or None, queryset=ledger_calls(user)).qs)
    withhold_reporters(user, calls)
    return _cells(xlsx_response("x.xlsx", ledger_header(), _legacy_rows(calls)).content), [call.pk for call in calls]


def _cells(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def calls(org, hotline_user, station_user, child_a, child_b, village_a):
    """Calls of every kind: linked to a child of either village or to none, referred to the police (with a
    mandatory report), called back and closed, anonymous and invalid (no relation, urgency or action), with several
    categories, an operator without a real name, and the three ways a call names a mandatory reporter."""
    categories = list(IssueCategory.objects.order_by("order"))
    police = _office("police")
    nameless = UserFactory(username="nameless_operator", real_name="")
    now = timezone.now()
    second_child = ChildFactory(village=village_a, name="甲村二号儿童")
    made = [
        CallFactory(operator=hotline_user, child=child_a, categories=categories[:3], summary="=HYPERLINK(\"x\")",
                    duration_minutes=12),
        CallFactory(operator=nameless, child=child_b, caller_relation="teacher", caller_phone="13955556666",
                    action="mandatory_report", mandatory_report_filed_at=now, summary="孩子身上有伤",
                    categories=[categories[1]]),
        CallFactory(operator=hotline_user, child=child_a, caller_relation="parent", action="mandatory_report",
                    summary="只选了强制报告"),
        CallFactory(operator=hotline_user, office=police, action="referred", mandatory_report_filed_at=now,
                    caller_relation="cadre", caller_phone="13700001111", summary="转派出所并已强制报告"),
        CallFactory(operator=hotline_user, office=police, action="referred", summary="转派出所", urgency="urgent",
                    callback_at=now - dt.timedelta(minutes=20), callback_by=station_user, callback_result="已回访",
                    status=HotlineCall.Status.CALLED_BACK),
        CallFactory(operator=station_user, child=second_child, status=HotlineCall.Status.CLOSED, closed_at=now,
                    outcome="-已办结", caller_relation="anonymous", caller_phone="", urgency="pressing",
                    received_at=now - dt.timedelta(days=3), categories=categories[2:4]),
        CallFactory(operator=hotline_user, call_type="invalid_silent", caller_relation="", urgency="",
                    follow_up_due=None, summary="", caller_phone=""),
        CallFactory(operator=hotline_user, received_at=now - dt.timedelta(days=10), summary="逾期未回访"),
    ]
    return made


def _office(code):
    return Office.objects.get(code=code)


@pytest.mark.parametrize("reader", READERS)
def test_the_file_and_its_log_are_the_ones_built_from_whole_calls(client, request, calls, reader):
    user = request.getfixturevalue(reader)
    client.force_login(user)
    response = client.get(EXPORT)
    assert response.status_code == 200
    rows = _cells(response.content)
    legacy_rows, legacy_calls = _legacy(user, {})
    assert len(rows) > 1
    assert rows == legacy_rows
    logged = AccessLog.objects.get(action=AccessLog.Action.EXPORT, object_type="hotline_call")
    assert logged.object_ids == legacy_calls
    children = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, object_type="child")
    expected = sorted({call.child_id for call in HotlineCall.objects.filter(pk__in=legacy_calls) if call.child_id})
    assert [log.object_ids for log in children] == ([expected] if expected else [])


@pytest.mark.parametrize("reader", ["station_user", "leader"])
@pytest.mark.parametrize("params", [{"status": "overdue"}, {"call_type": "help", "urgency": "normal"},
                                    {"category": "first"}, {"status": "closed"}])
def test_the_filtered_file_is_the_one_built_from_whole_calls(client, request, calls, reader, params):
    if params.get("category") == "first":
        params = {"category": IssueCategory.objects.order_by("order").first().pk}
    user = request.getfixturevalue(reader)
    client.force_login(user)
    rows = _cells(client.get(EXPORT, params).content)
    assert rows == _legacy(user, params)[0]


def test_reporters_stay_withheld_from_the_leadership(client, leader, calls):
    client.force_login(leader)
    rows = {row[9]: row for row in _cells(client.get(EXPORT).content)[1:]}
    for summary in ("孩子身上有伤", "只选了强制报告", "转派出所并已强制报告"):
        assert rows[summary][4:6] == ("保密", "保密"), summary
    assert rows["转派出所"][4:6] == ("邻居", "139****5678")


@pytest.mark.parametrize("reader", ["leader", "station_user"])
def test_the_english_file_is_the_one_built_from_whole_calls(client, request, calls, reader):
    user = request.getfixturevalue(reader)
    client.force_login(user)
    rows = _cells(client.get(EXPORT, HTTP_ACCEPT_LANGUAGE="en").content)
    with translation.override("en"):
        assert rows == _legacy(user, {})[0]
    assert rows[0][0] != "序号"


def test_query_count_does_not_grow_with_the_calls(client, django_assert_max_num_queries, leader, hotline_user,
                                                  child_a, org):
    categories = list(IssueCategory.objects.all()[:2])
    client.force_login(leader)
    CallFactory(operator=hotline_user, child=child_a, categories=categories)
    client.get(EXPORT)
    with django_assert_max_num_queries(99) as few:
        client.get(EXPORT)
    for i in range(20):
        CallFactory(operator=UserFactory(), child=ChildFactory(), categories=categories[: i % 3],
                    callback_by=UserFactory(), office=_office("police") if i % 2 else None,
                    action="mandatory_report" if i % 4 == 0 else "answered")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(EXPORT)
    assert len(_cells(response.content)) == 22


@pytest.mark.parametrize("fixture", ["admin_account"])
def test_users_without_the_ledger_get_no_file(client, request, calls, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(EXPORT)
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
