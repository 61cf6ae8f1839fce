"""The lists behind the monthly report's figures, as plain tables shared by the printable page and the workbook."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import RiskTier
from cases.selectors import reassessment_overdue_q
from zhanpu.text import series, with_note

from . import selectors
from .calls import calls_in
from .referrals import overdue_q, scoped_referrals


@dataclass
class ReportList:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)  # for the access log

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


def _child_list(key: str, title: str, children) -> ReportList:
    """Only the columns shown (values_list: no encrypted column is loaded and decrypted for thousands of rows)."""
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


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _overdue_calls(scope, month) -> ReportList:
    """The month's calls still unanswered past their deadline: no caller, phone or summary, only the ledger facts."""
    report = ReportList("calls_overdue", _("逾期未应答来电"), [_("来电时间"), _("来电类型"), _("紧急程度"),
                                                              _("应答期限"), _("关联村(社区)")])
    calls = calls_in(scope, month).filter(
        callback_at__isnull=True, closed_at__isnull=True, follow_up_due__lt=timezone.now()
    ).select_related("child__village").order_by("received_at", "pk")
    for call in calls:
        report.rows.append((_local(call.received_at), call.get_call_type_display(), call.get_urgency_display(),
                            _local(call.follow_up_due), call.child.village.name if call.child else ""))
    return report


def _overdue_referrals(scope) -> ReportList:
    report = ReportList("referrals_overdue", _("逾期转介"), [_("接收部门"), _("村(社区)"), _("儿童"), _("状态"),
                                                         _("办理期限"), _("转介时间")])
    referrals = scoped_referrals(scope).filter(overdue_q()).select_related("office", "child__village")
    for referral in referrals.order_by("due_date", "pk"):
        report.rows.append((referral.office.name, referral.child.village.name, referral.child.name,
                            referral.get_status_display(), referral.due_date, _local(referral.created_at)))
        report.child_ids.append(referral.child_id)
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


def report_lists(figures: dict) -> list[ReportList]:
    """The lists behind the figures, each ordered for reading; a fixed number of queries."""
    scope, month = figures["scope"], figures["month"]
    today = timezone.localdate()
    children = selectors.scoped_children(scope).order_by("village__order", "village__name", "next_visit_due", "name")
    return [
        _child_list("visits_overdue", _("家访逾期儿童"), children.filter(selectors.visit_overdue_q(today))),
        _child_list("reassess_overdue", _("需重新评估儿童"), children.filter(reassessment_overdue_q(today))),
        _overdue_calls(scope, month),
        _overdue_referrals(scope),
        *_compliance_lists(figures["compliance"]),
    ]


def child_ids(lists: list[ReportList]) -> list[int]:
    return sorted({pk for report in lists for pk in report.child_ids})

