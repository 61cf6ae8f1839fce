"""The monthly report (月报): printable page and Excel workbook, their scope, refusals and the access log."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AccessLog
from dashboard.scope import current_month
from hotline.models import LedgerReview
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
PAGE, XLSX = reverse("dashboard:report"), reverse("dashboard:report_xlsx")


@pytest.fixture
def overdue_children(village_a, village_b):
    overdue = timezone.localdate() - dt.timedelta(days=2)
    return (
        ChildFactory(village=village_a, name="甲村逾期儿童", next_visit_due=overdue),
        ChildFactory(village=village_b, name="=乙社区逾期儿童", next_visit_due=overdue),
    )


def _sheets(response):
    book = load_workbook(BytesIO(response.content))
    assert all(int(sheet.page_setup.paperSize) == 9 for sheet in book.worksheets)  # 9: A4
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("url", [PAGE, XLSX])
@pytest.mark.parametrize("fixture", ["hotline_user", "police_user", "school_user", "admin_account"])
def test_report_refused_to_roles_without_villages(client, request, fixture, url, overdue_children):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(url)
    assert response.status_code == 403
    assert "甲村逾期儿童" not in response.content.decode(errors="ignore")
    assert not AccessLog.objects.filter(action__in=["view", "export"]).exists()


def test_printable_report_lists_overdue_children_and_is_logged(client, station_user, overdue_children):
    client.force_login(station_user)
    response = client.get(PAGE, {"month": current_month().key})
    body = response.content.decode()
    assert response.status_code == 200
    assert "甲村逾期儿童" in body and "=乙社区逾期儿童" in body
    assert "data-print" in body and "no-print" in body
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert sorted(log.object_ids) == sorted(child.pk for child in overdue_children)
    assert log.user == station_user


def test_director_report_has_no_other_village(client, director_a, overdue_children, village_b):
    client.force_login(director_a)
    body = client.get(PAGE).content.decode()
    assert "甲村逾期儿童" in body
    assert "乙社区逾期儿童" not in body and village_b.name not in body
    response = client.get(XLSX)
    text = repr(_sheets(response))
    assert "甲村逾期儿童" in text and "乙社区" not in text
    assert AccessLog.objects.get(action=AccessLog.Action.EXPORT).object_ids == [overdue_children[0].pk]


def test_director_cannot_ask_for_another_village_report(client, director_a, overdue_children, village_b):
    client.force_login(director_a)
    assert client.get(PAGE, {"village": village_b.pk}).status_code == 404
    assert client.get(XLSX, {"village": village_b.pk}).status_code == 404


def test_workbook_has_figures_and_lists_with_formula_safe_cells(client, leader, overdue_children):
    client.force_login(leader)
    response = client.get(XLSX, {"month": current_month().key})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    sheets = _sheets(response)
    summary = sheets["汇总"]
    assert summary[0][:2] == ("湛普镇未成年人保护工作月报", current_month().key)
    assert ("家访逾期", 2) in [row[:2] for row in summary]
    overdue = sheets["家访逾期儿童"]
    names = [row[1] for row in overdue[1:]]
    assert "甲村逾期儿童" in names
    assert "'=乙社区逾期儿童" in names  # neutralised: a spreadsheet would not run it
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert sorted(log.object_ids) == sorted(child.pk for child in overdue_children)


@pytest.mark.parametrize("value", ["2026-13", "abc", "1999-01", "9999-01", ""])
def test_bad_or_future_month_falls_back_to_this_month(client, leader, value):
    client.force_login(leader)
    response = client.get(PAGE, {"month": value})
    assert response.status_code == 200
    assert f'value="{current_month().key}"' in response.content.decode()


def test_past_month_is_reported(client, leader):
    client.force_login(leader)
    month = current_month().previous()
    body = client.get(PAGE, {"month": month.key}).content.decode()
    assert f'value="{month.key}"' in body
    assert f"{month.year} 年 {month.month} 月" in body


def test_the_township_report_says_whether_the_call_ledger_of_its_month_was_reviewed(client, leader, station_user,
                                                                                  director_a):
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    client.force_login(leader)
    body = client.get(PAGE, {"month": f"{last_month:%Y-%m}"}).content.decode()
    assert 'id="ledger-review">热线台账审核：未审核<' in body
    LedgerReview.objects.create(month=last_month, reviewed_by=station_user, calls=4, still_open=1, notes="已核对")
    body = client.get(PAGE, {"month": f"{last_month:%Y-%m}"}).content.decode()
    assert "来电 4 次，审核时未办结 1 次" in body and "已核对" in body
    client.force_login(director_a)  # a village's report: its calls only, not the township's review
    assert 'id="ledger-review"' not in client.get(PAGE, {"month": f"{last_month:%Y-%m}"}).content.decode()
