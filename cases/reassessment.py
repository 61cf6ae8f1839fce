"""The reassessment reminder pass (run by Celery beat, see cases/tasks.py): a case not assessed for
CASES_REASSESS_DAYS (at least every 6 months; never assessed: counted from registration) reminds the village's child
directors (level 1) the day after it fell due, then the station (level 2) after CASES_REASSESS_REMINDER_DAYS.

1. Record: for each level, cases (not closed) whose assessment or registration date lies in the range that makes
   them newly due, on the partial indexes `child_reassess_due_idx` and `child_unassessed_idx`, bounded below by
   CASES_REASSESS_REMINDER_LOOKBACK_DAYS; one ReassessmentReminder per (child, due date, level). A file whose date
   is already long past when it is saved (registered, assessed, reopened) is recorded then (remind_if_past_due).
2. Send: unsent rows are claimed (registry/outbox.py) and notified in the same transaction: never twice, never
   lost. A child assessed or closed between the two steps is not reminded of (its row is deleted).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.outbox import SEND_BATCH, record, send_unsent
from registry.roles import Role
from visits.services import AddDays
from zhanpu.links import list_url
from zhanpu.text import series

from .models import Child, ReassessmentReminder

Level = ReassessmentReminder.Level


def due_date(child: Child) -> date:
    """The day by which `child` must be (re)assessed."""
    return (child.last_assessed_on or child.registered_on) + timedelta(days=settings.CASES_REASSESS_DAYS)


def crossed_threshold(level: int, *, today: date, children=None) -> list[tuple[int, date]]:
    """(child pk, due date) of cases newly past their reassessment date by `level`'s threshold, without a reminder
    of that level yet: two range queries, one for the assessed and one for the never assessed. `children`: only
    those, however long ago their date (remind_if_past_due)."""
    upper = today - timedelta(days=settings.CASES_REASSESS_REMINDER_DAYS[int(level)] + 1 + settings.CASES_REASSESS_DAYS)
    lower = upper - timedelta(days=settings.CASES_REASSESS_REMINDER_LOOKBACK_DAYS)
    days = timedelta(days=settings.CASES_REASSESS_DAYS)
    found = []
    for column, condition in (("last_assessed_on", Q()), ("registered_on", Q(last_assessed_on__isnull=True))):
        already = ReassessmentReminder.objects.filter(child=OuterRef("pk"), level=level)
        since = {f"{column}__lte": upper} if children is not None else {f"{column}__range": (lower, upper)}
        rows = ((Child.objects if children is None else children)
                .filter(condition, ~Q(status=Child.Status.CLOSED), **since)
                .annotate(reminded=Exists(already.filter(due_date=AddDays(OuterRef(column), days.days))))
                .filter(reminded=False).order_by().values_list("pk", column))
        found += [(pk, base + days) for pk, base in rows]
    return found


def record_due_reassessments(*, today: date | None = None, children=None) -> int:
    """Insert the outbox rows ("became due for reassessment") for every level; returns how many were found.
    `children` (a queryset): theirs only, whatever their date."""
    today = today or timezone.localdate()
    rows = [
        ReassessmentReminder(child_id=pk, due_date=due, level=level)
        for level in Level.values
        for pk, due in crossed_threshold(level, today=today, children=children)
    ]
    return record(ReassessmentReminder, rows)


def remind_if_past_due(child: Child, *, today: date | None = None) -> None:
    """Record `child`'s reminders at once when its reassessment date has already passed: a file registered from the
    paper register long ago, an assessment filed late, a case reopened. The pass's look-back, bounded to stay cheap,
    would never reach a date long past. Nothing is read for a child not yet due."""
    today = today or timezone.localdate()
    if child.status != Child.Status.CLOSED and due_date(child) < today:
        record_due_reassessments(today=today, children=Child.objects.filter(pk=child.pk))


def _group_name(level: int, village) -> str:
    return f"village:{village.code}" if level == Level.DIRECTOR else Role.STATION.value


def _message(level: int, village, group: list[ReassessmentReminder], today: date) -> tuple[str, str]:
    """Title and body of one notification, in the active language: village and file numbers only, no name."""
    numbers = series(reminder.child_id for reminder in group[:3])
    if len(group) > 3:
        numbers = _("%(numbers)s 等 %(count)s 名儿童") % {"numbers": numbers, "count": len(group)}
    values = {"village": village.name, "numbers": numbers}
    if level == Level.DIRECTOR:
        title = _("重新评估到期提醒：%(village)s 档案 %(numbers)s") % values
    else:
        title = _("重新评估逾期升级提醒：%(village)s 档案 %(numbers)s") % values
    lines = [
        _("档案 %(no)s：应于 %(due)s 前重新评估风险（至少每 6 个月一次），已逾期 %(days)s 天。") % {
            "no": reminder.child_id, "due": reminder.due_date.isoformat(), "days": (today - reminder.due_date).days}
        for reminder in group
    ]
    lines.append(_("请尽快入户评估并在平台上登记。") if level == Level.DIRECTOR else _("请工作站督促儿童主任评估。"))
    return title, "\n".join(lines)


def _link(village, group: list[ReassessmentReminder]) -> str:
    if len(group) == 1:
        return reverse("cases:child_detail", args=[group[0].child_id])
    return list_url("cases:child_list", village=village.pk, overdue=1)


def send_unsent_reminders(*, today: date | None = None, batch: int = SEND_BATCH) -> int:
    """Claim and send unsent reminders (registry.outbox.send_unsent), one notification per level and village to each
    recipient; returns how many this worker sent."""
    today = today or timezone.localdate()
    rows = ReassessmentReminder.objects.select_related("child__village").only(
        "due_date", "level", "child__status", "child__last_assessed_on", "child__registered_on",
        "child__village__code", "child__village__name",
    )
    return send_unsent(
        rows, batch=batch, key=lambda reminder: (reminder.level, reminder.child.village),
        still_due=lambda reminder: (reminder.child.status != Child.Status.CLOSED
                                    and due_date(reminder.child) == reminder.due_date),
        group_name=lambda key: _group_name(*key), compose=lambda key, group: _message(*key, group, today),
        link=lambda key, group: _link(key[1], group),
    )


def run_reminder_pass(*, today: date | None = None) -> dict[str, int]:
    """One pass: record cases newly due for reassessment, then send every unsent reminder."""
    recorded = record_due_reassessments(today=today)
    return {"recorded": recorded, "sent": send_unsent_reminders(today=today)}
