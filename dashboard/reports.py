"""The lists behind the monthly report's figures, as plain tables shared by the printable page and the workbook."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import choice_labels
from cases.models import Child, Referral
from cases.selectors import reassessment_overdue_q
from hotline.models import HotlineCall
from registry.models import Office
from zhanpu.text import series, with_note

from . import selectors
from .calls import calls_in
from .referrals import overdue_q, scoped_referrals

CHUNK = 2000  # rows fetched at a time for the workbook


@dataclass
class ReportList:
    """One list behind the report's figures. The printable page has its first rows (`limit`), the workbook all."""

    key: str
    title: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)  # of the rows in `rows`, for the access log
    total: int | None = None  # rows in the whole list, when `rows` holds only its first ones
    url: str = ""  # a page listing exactly the same rows (the figure's link), or none

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total

    @property
    def more(self) -> int:
        """Rows of the list left out of `rows`."""
        return self.count - len(self.rows)

    def text_rows(self) -> list[tuple[str, ...]]:
        """The rows as text for the printable page (formatting thousands of dates in the template is slow)."""
        return [tuple(_text(value) for value in row) for row in self.rows]


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _first(report: ReportList, rows, limit: int | None):
    """`rows` (a queryset), its first `limit` only (with the whole list's count in `report.total`) unless None."""
    if limit is None:
        return rows.iterator(chunk_size=CHUNK)
    report.total = rows.count()
    return rows[:limit]


def _child_list(key: str, title: str, children, *, limit: int | None, url: str = "") -> ReportList:
    """Only the columns shown (values_list: no encrypted column is loaded and decrypted for thousands of rows)."""
    report = ReportList(key, title, [_("村(社区)"), _("姓名"), _("风险等级"), _("最近家访"), _("下次家访截止"),
                                     _("最近评估")], url=url)
    tiers = choice_labels(Child, "tier")
    unassessed = _("未评估")
    rows = children.values_list("pk", "village__name", "name", "tier", "last_visit_on", "next_visit_due",
                                "last_assessed_on")
    for pk, village, name, tier, last_visit, next_due, assessed in _first(report, rows, limit):
        report.rows.append((village, name, tiers.get(tier, unassessed), last_visit, next_due, assessed))
        report.child_ids.append(pk)
    return report


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _overdue_calls(scope, month, *, limit: int | None) -> ReportList:
    """The month's calls still unanswered past their deadline: no caller, phone or summary, only the ledger facts."""
    report = ReportList("calls_overdue", _("逾期未应答来电"), [_("来电时间"), _("来电类型"), _("紧急程度"),
                                                              _("应答期限"), _("关联村(社区)")])
    types, urgencies = choice_labels(HotlineCall, "call_type"), choice_labels(HotlineCall, "urgency")
    calls = calls_in(scope, month).filter(
        callback_at__isnull=True, closed_at__isnull=True, follow_up_due__lt=timezone.now()
    ).order_by("received_at", "pk").values_list("received_at", "call_type", "urgency", "follow_up_due",
                                                "child__village__name")
    for received_at, call_type, urgency, due, village in _first(report, calls, limit):
        report.rows.append((_local(received_at), types.get(call_type, call_type), urgencies.get(urgency, urgency),
                            _local(due), village or ""))
    return report


def _overdue_referrals(scope, *, limit: int | None) -> ReportList:
    report = ReportList("referrals_overdue", _("逾期转介"), [_("接收部门"), _("村(社区)"), _("儿童"), _("状态"),
                                                         _("办理期限"), _("转介时间")])
    statuses = choice_labels(Referral, "status")
    offices = {office.pk: str(office) for office in Office.objects.all()}  # names in the active language
    referrals = scoped_referrals(scope).filter(overdue_q()).order_by("due_date", "pk").values_list(
        "office_id", "child__village__name", "child__name", "status", "due_date", "created_at", "child_id"
    )
    for office, village, name, status, due_date, created_at, child in _first(report, referrals, limit):
        report.rows.append((offices.get(office, ""), village, name, statuses.get(status, status), due_date,
                            _local(created_at)))
        report.child_ids.append(child)
    return report


def _compliance_lists(compliance: dict) -> list[ReportList]:
    villages = ReportList("without_director", _("无儿童主任的村(社区)"), [_("村(社区)")],
                          rows=[(village.name,) for village in compliance["without_director"]])
    facilities = ReportList("facilities", _("待检查或待整改场所"),
                            [_("村(社区)"), _("场所"), _("最近检查"), _("问题")],
                            rows=[(f.village.name, f.name, f.last_inspected_on, series(f.flags))
                                  for f in compliance["facilities"]])
    weeks = ReportList("short_weeks", _("家庭教育互助会未达标周"), [_("村(社区)"), _("周"), _("开放天数"), _("原因")],
                       rows=[(village.name, with_note(week.iso_label, f"{week.monday:%m-%d}–{week.sunday:%m-%d}"),
                              len(week.opening_days), " ".join(str(reason) for reason in week.reasons))
                             for village, week in compliance["short_weeks"]])
    tasks = ReportList("tasks", _("逾期任务"),
                       [_("责任部门/村(社区)"), _("任务"), _("责任人"), _("完成期限"), _("状态")],
                       rows=[(str(task.assignee), task.title, task.owner, task.due_on, task.get_status_display())
                             for task in compliance["tasks"]])
    return [villages, facilities, weeks, tasks]


def _limited(report: ReportList, limit: int | None) -> ReportList:
    """A list built in memory (the compliance checks: a few rows per village), cut to its first `limit` rows."""
    if limit is not None and len(report.rows) > limit:
        report.total, report.rows = len(report.rows), report.rows[:limit]
    return report


def report_lists(figures: dict, *, limit: int | None = None) -> list[ReportList]:
    """The lists behind the figures, each ordered for reading; a fixed number of queries. With `limit`, each holds
    only its first `limit` rows and the whole list's count (the printable page); without, every row (the workbook).
    The lists of children link to the register or the due list as the figures do (the same children)."""
    scope, month = figures["scope"], figures["month"]
    today = timezone.localdate()
    children = selectors.scoped_children(scope).order_by("village__order", "village__name", "next_visit_due", "name")
    return [
        _child_list("visits_overdue", _("家访逾期儿童"), children.filter(selectors.visit_overdue_q(today)),
                    limit=limit, url=figures["visits_overdue_url"]),
        _child_list("reassess_overdue", _("需重新评估儿童"), children.filter(reassessment_overdue_q(today)),
                    limit=limit, url=figures["reassess_url"]),
        _overdue_calls(scope, month, limit=limit),
        _overdue_referrals(scope, limit=limit),
        *(_limited(report, limit) for report in _compliance_lists(figures["compliance"])),
    ]


def child_ids(lists: list[ReportList]) -> list[int]:
    return sorted({pk for report in lists for pk in report.child_ids})

