"""The ledger: filters, pages, fixed query counts, the Excel export and the monthly statistics."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AccessLog
from hotline.models import IssueCategory

from .factories import CallFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _calls(n, operator, child=None, **extra):
    categories = list(IssueCategory.objects.filter(code__in=["neglect", "left_behind"]))
    return [CallFactory(operator=operator, child=child, categories=categories, **extra) for _ in range(n)]


@pytest.mark.parametrize("fixture", ["station_user", "director_a"])
def test_ledger_query_count_does_not_grow(client, request, django_assert_max_num_queries, hotline_user, child_a,
                                          police_office, fixture):
    client.force_login(request.getfixturevalue(fixture))
    _calls(2, hotline_user, child=child_a, office=police_office)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("hotline:ledger"))
    _calls(30, hotline_user, child=child_a, office=police_office)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(reverse("hotline:ledger")).content.decode()
    assert body.count("data-call=") == 32


def test_rows_name_categories_from_the_same_read_as_the_filter(client, django_assert_max_num_queries, station_user,
                                                                hotline_user):
    _calls(1, hotline_user)
    neglect, left_behind = (IssueCategory.objects.get(code=code) for code in ("neglect", "left_behind"))
    client.force_login(station_user)
    with django_assert_max_num_queries(20) as captured:
        body = client.get(reverse("hotline:ledger")).content.decode()
    names = sorted((neglect, left_behind), key=lambda c: (c.order, c.pk))
    assert f"{names[0].name}、{names[1].name}" in body
    assert f'">{neglect.name}</option>' in body
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "hotline_issuecategory"' in q["sql"]]
    assert len(reads) == 1


def test_export_query_count_does_not_grow(client, django_assert_max_num_queries, station_user, hotline_user, child_a,
                                          police_office):
    client.force_login(station_user)
    _calls(2, hotline_user, child=child_a, office=police_office)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("hotline:export"))
    _calls(30, hotline_user, child=child_a, office=police_office)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("hotline:export"))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 33


def test_ledger_is_paginated_by_50(client, station_user, hotline_user):
    _calls(55, hotline_user)
    client.force_login(station_user)
    assert client.get(reverse("hotline:ledger")).content.decode().count("data-call=") == 50
    assert client.get(reverse("hotline:ledger"), {"page": 2}).content.decode().count("data-call=") == 5


def test_filters_by_type_category_urgency_operator_and_dates(client, station_user, hotline_user):
    help_call = CallFactory(operator=hotline_user, call_type="help", urgency="urgent",
                            categories=[IssueCategory.objects.get(code="dropout")])
    old_call = CallFactory(
        operator=station_user, call_type="consult", received_at=timezone.now() - dt.timedelta(days=40)
    )
    client.force_login(station_user)

    def listed(**params):
        body = client.get(reverse("hotline:ledger"), params).content.decode()
        return {pk for pk in (help_call.pk, old_call.pk) if f'data-call="{pk}"' in body}

    assert listed() == {help_call.pk, old_call.pk}
    assert listed(call_type="consult") == {old_call.pk}
    assert listed(category=IssueCategory.objects.get(code="dropout").pk) == {help_call.pk}
    assert listed(urgency="urgent") == {help_call.pk}
    assert listed(operator=station_user.pk) == {old_call.pk}
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert listed(received_from=since) == {help_call.pk}
    assert listed(received_to=since) == {old_call.pk}


def test_status_filter_finds_overdue_calls(client, station_user, hotline_user):
    overdue = CallFactory(operator=hotline_user, urgency="urgent", received_at=timezone.now() - dt.timedelta(days=2))
    fresh = CallFactory(operator=hotline_user)
    client.force_login(station_user)
    body = client.get(reverse("hotline:ledger"), {"status": "overdue"}).content.decode()
    assert f'data-call="{overdue.pk}"' in body and f'data-call="{fresh.pk}"' not in body


def test_export_has_the_ledger_columns_is_formula_safe_and_logged(client, station_user, hotline_user, child_a):
    call = CallFactory(operator=hotline_user, child=child_a, summary="=HYPERLINK(\"http://x\")",
                       categories=[IssueCategory.objects.get(code="neglect")])
    client.force_login(station_user)
    response = client.get(reverse("hotline:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    for column in ("序号", "来电时间", "接线人", "来电人身份", "来电号码", "来电类型", "问题类别", "紧急程度",
                   "来电内容摘要", "处理方式", "转介部门", "回访时间", "回访结果", "办理结果"):
        assert column in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["来电内容摘要"] == "'=HYPERLINK(\"http://x\")"
    assert row["问题类别"] == "忽视/监护缺失" and row["关联儿童"] == "甲村儿童"
    logs = {log.object_type: log.object_ids for log in AccessLog.objects.filter(action=AccessLog.Action.EXPORT)}
    assert logs == {"hotline_call": [call.pk], "child": [child_a.pk]}


def test_export_follows_filters_and_access(client, director_a, hotline_user, child_a, child_b):
    CallFactory(operator=hotline_user, child=child_a)
    CallFactory(operator=hotline_user, child=child_b)
    client.force_login(director_a)
    content = client.get(reverse("hotline:export")).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "乙社区儿童" not in str(rows)


def test_monthly_statistics_by_type_and_category(client, leader, hotline_user):
    neglect = IssueCategory.objects.get(code="neglect")
    year = timezone.localdate().year - 1
    march, april = dt.datetime(year, 3, 5, 10, tzinfo=SHANGHAI), dt.datetime(year, 4, 30, 23, 30, tzinfo=SHANGHAI)
    CallFactory(operator=hotline_user, received_at=march, call_type="help", categories=[neglect])
    CallFactory(operator=hotline_user, received_at=march, call_type="help")
    CallFactory(operator=hotline_user, received_at=april, call_type="report", categories=[neglect])
    CallFactory(operator=hotline_user, received_at=april, call_type="invalid_silent")
    client.force_login(leader)
    response = client.get(reverse("hotline:stats"), {"year": year})
    stats = response.context["stats"]
    by_type = {label: counts for label, counts, total in stats["by_type"]}
    assert by_type["求助"][2] == 2 and by_type["举报/线索"][3] == 1 and by_type["无效来电：沉默"][3] == 1
    by_category = {label: (counts, total) for label, counts, total in stats["by_category"]}
    assert by_category["忽视/监护缺失"] == ([0, 0, 1, 1] + [0] * 8, 2)
    assert stats["totals"][2:4] == [2, 2]
    assert 'data-total="求助">2<' in response.content.decode()


def test_statistics_count_only_visible_calls(client, director_a, hotline_user, child_a, child_b):
    CallFactory(operator=hotline_user, child=child_a)
    CallFactory(operator=hotline_user, child=child_b)
    client.force_login(director_a)
    stats = client.get(reverse("hotline:stats")).context["stats"]
    assert sum(stats["totals"]) == 1


def test_ledger_rows_name_each_calls_categories_in_the_category_order(client, station_user, hotline_user):
    neglect, dropout = IssueCategory.objects.get(code="neglect"), IssueCategory.objects.get(code="dropout")
    first, second = sorted([neglect, dropout], key=lambda category: (category.order, category.pk))
    both = CallFactory(operator=hotline_user, categories=[second, first])
    none = CallFactory(operator=hotline_user, categories=[])
    client.force_login(station_user)
    body = client.get(reverse("hotline:ledger")).content.decode()
    rows = {int(row.split('"', 1)[0]): row for row in body.split('<tr data-call="')[1:]}
    assert f"<td>{first.name}、{second.name}</td>" in rows[both.pk]
    assert "<td></td>" in rows[none.pk]
