"""The monthly report at county scale: the printable page lists the first rows of each list (a setting) with how
many more and a link to the page listing them all (only where that page lists the same rows), and logs only the
children shown; the workbook keeps every row, cell for cell as when it was built from whole records."""

import datetime as dt
import html
import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from audit.models import AccessLog
from cases.models import Referral, RiskTier
from cases.selectors import reassessment_overdue_q
from dashboard import selectors
from dashboard.calls import calls_in
from dashboard.exports import report_workbook
from dashboard.figures import dashboard_figures
from dashboard.referrals import overdue_q, scoped_referrals
from dashboard.reports import ReportList, _compliance_lists, _local
from dashboard.scope import current_month, scope_for
from registry.models import Office
from tests.factories import ChildFactory, VillageFactory
from tests.hotline.factories import CallFactory

pytestmark = pytest.mark.django_db
PAGE, XLSX = reverse("dashboard:report"), reverse("dashboard:report_xlsx")


# --- the lists as they were built before the page was cut short and the rows read as plain values

def _legacy_child_list(key, title, children):
    report = ReportList(key, title, [_("村(社区)"), _("姓名"), _("风险等级"), _("最近家访"), _("下次家访截止"),
                                     _("最近评估")])
    tiers = {value: str(label) for value, label in RiskTier.choices}
    unassessed = _("未评估")
    rows = children.values_list("pk", "village__name", "name", "tier", "last_visit_on", "next_visit_due",
                                "last_assessed_on")
    for pk, village, name, tier, last_visit, next_due, assessed in rows:
        report.rows.append((village, name, tiers.get(tier, unassessed), last_visit, next_due, assessed))
        report.child_ids.append(pk)
    return report


def _legacy_lists(figures):
    scope, month = figures["scope"], figures["month"]
    today = timezone.localdate()
    children = selectors.scoped_children(scope).order_by("village__order", "village__name", "next_visit_due", "name")
    calls = ReportList("calls_overdue", _("逾期未应答来电"), [_("来电时间"), _("来电类型"), _("紧急程度"),
                                                             _("应答期限"), _("关联村(社区)")])
    for call in calls_in(scope, month).filter(
        callback_at__isnull=True, closed_at__isnull=True, follow_up_due__lt=timezone.now()
    ).select_related("child__village").order_by("received_at", "pk"):
        calls.rows.append((_local(call.received_at), call.get_call_type_display(), call.get_urgency_display(),
                           _local(call.follow_up_due), call.child.village.name if call.child else ""))
    referrals = ReportList("referrals_overdue", _("逾期转介"), [_("接收部门"), _("村(社区)"), _("儿童"), _("状态"),
                                                            _("办理期限"), _("转介时间")])
    for referral in scoped_referrals(scope).filter(overdue_q()).select_related("office", "child__village").order_by(
        "due_date", "pk"
    ):
        referrals.rows.append((referral.office.name, referral.child.village.name, referral.child.name,
                               referral.get_status_display(), referral.due_date, _local(referral.created_at)))
        referrals.child_ids.append(referral.child_id)
    return [
        _legacy_child_list("visits_overdue", _("家访逾期儿童"), children.filter(selectors.visit_overdue_q(today))),
        _legacy_child_list("reassess_overdue", _("需重新评估儿童"), children.filter(reassessment_overdue_q(today))),
        calls, referrals, *_compliance_lists(figures["compliance"]),
    ]


def _book(content: bytes) -> dict:
    book = load_workbook(BytesIO(content))
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    sheets[book.worksheets[0].title][1] = None  # 生成时间: the minute it was written
    return sheets


def _legacy_book(user, month) -> dict:
    figures = dashboard_figures(scope_for(user), month)
    return _book(report_workbook(figures, _legacy_lists(figures)))


@pytest.fixture
def overdue_work(township, hotline_user, station_user, village_a, village_b):
    """Besides the township's children: three calls of this month unanswered past their deadline (one with no
    child), three referrals past their due date to two offices, and three villages with no child director."""
    for i in range(3):
        VillageFactory(code=f"no-director-{i}", name=f"无主任村{i}")
    now = timezone.now()
    children = township["a"][:1] + township["b"][:1]
    for i, child in enumerate([*children, None]):
        CallFactory(operator=hotline_user, child=child, received_at=now - dt.timedelta(minutes=30 + i),
                    follow_up_due=now - dt.timedelta(minutes=5), urgency=["urgent", "pressing", ""][i],
                    call_type=["help", "report", "invalid_silent"][i])
    offices = [Office.objects.get(code="police"), Office.objects.get(code="school")]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for i, child in enumerate([*children, township["a"][1]]):
        Referral.objects.create(child=child, office=offices[i % 2], reason="逾期转介", due_date=yesterday,
                                status=["pending", "accepted", "pending"][i], referred_by=station_user)
    return township


def _section(body: str, key: str) -> str:
    return body.split(f'id="list-{key}"')[1].split("</section>")[0]


def _listed(section: str) -> int:
    return max(section.count("<tr>") - 1, 0)  # less the header row


@pytest.mark.parametrize("fixture", ["leader", "director_a"])
def test_the_page_lists_the_first_rows_says_how_many_more_and_links_the_whole_list(client, request, settings,
                                                                                  overdue_work, fixture):
    settings.DASHBOARD_REPORT_LIST_ROWS = limit = 1
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    body = client.get(PAGE).content.decode()
    everyone = overdue_work["a"] + overdue_work["b"]
    full = {report.key: report for report in _legacy_lists(dashboard_figures(scope_for(user), current_month()))}
    for key, report in full.items():
        section = _section(body, key)
        count = len(report.rows)
        assert f"{report.title}（{count}）" in section, key
        assert _listed(section) == min(count, limit), key
        if count > limit:
            assert f'data-more="{count - limit}"' in section and f"另有 {count - limit} 条未列出" in section, key
            assert 'data-xlsx' in section
        else:
            assert "data-more" not in section, key
    for key in ("visits_overdue", "reassess_overdue"):  # their link lists the same children as the whole list
        assert len(full[key].rows) > limit, key
        url = html.unescape(re.search(r'href="([^"]+)" data-all', _section(body, key)).group(1))
        page = client.get(url).content.decode()
        assert {c.name for c in everyone if c.name in page} == {row[1] for row in full[key].rows}, key
    for key in ("calls_overdue", "referrals_overdue", "without_director"):  # no page lists just these
        assert "data-all" not in _section(body, key)
    if fixture == "leader":
        assert len(full["calls_overdue"].rows) == 3 and len(full["without_director"].rows) >= 3


def test_the_page_logs_only_the_children_it_shows(client, settings, leader, overdue_work):
    settings.DASHBOARD_REPORT_LIST_ROWS = 2
    client.force_login(leader)
    body = client.get(PAGE).content.decode()
    full = {report.key: report for report in _legacy_lists(dashboard_figures(scope_for(leader), current_month()))}
    shown = set(full["visits_overdue"].child_ids[:2] + full["reassess_overdue"].child_ids[:2]
                + full["referrals_overdue"].child_ids[:2])
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert sorted(log.object_ids) == sorted(shown)
    everyone = overdue_work["a"] + overdue_work["b"]
    listed = {c.pk for c in everyone if f"<td>{c.name}</td>" in body}
    assert listed == shown


@pytest.mark.parametrize("fixture", ["leader", "director_a"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_workbook_keeps_every_row_as_it_was_built(client, request, settings, overdue_work, fixture, language):
    settings.DASHBOARD_REPORT_LIST_ROWS = 2  # the page's limit: not the workbook's
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    response = client.get(XLSX, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    with translation.override(language):
        legacy = _legacy_book(user, current_month())
    sheets = _book(response.content)
    assert sheets == legacy
    assert sum(len(rows) for rows in sheets.values()) > 20
    figures = dashboard_figures(scope_for(user), current_month())
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert sorted(log.object_ids) == sorted({pk for report in _legacy_lists(figures) for pk in report.child_ids})


def test_queries_do_not_grow_with_the_lists(client, django_assert_max_num_queries, settings, leader, overdue_work,
                                            village_a, station_user):
    settings.DASHBOARD_REPORT_LIST_ROWS = 2
    client.force_login(leader)
    client.get(PAGE)
    with django_assert_max_num_queries(99) as page:
        client.get(PAGE)
    with django_assert_max_num_queries(99) as book:
        client.get(XLSX)
    overdue = timezone.localdate() - dt.timedelta(days=3)
    for i in range(10):
        child = ChildFactory(village=village_a, name=f"新增逾期{i}", next_visit_due=overdue)
        Referral.objects.create(child=child, office=Office.objects.get(code="police"), reason="逾期",
                                due_date=overdue, referred_by=station_user)
    with django_assert_max_num_queries(len(page.captured_queries)):
        client.get(PAGE)
    with django_assert_max_num_queries(len(book.captured_queries)):
        client.get(XLSX)
