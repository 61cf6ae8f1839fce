"""The call follow-up reminder pass (run by Celery beat, see hotline/tasks.py): an open call past its follow-up time
(紧急 the same day, 较急 72 hours, 一般 a week) reminds the hotline operators (level 1) at once, then the station
(level 2) after HOTLINE_REMINDER_HOURS.

1. Record: for each level, open calls whose follow-up time crossed the level's threshold are found with a range
   query on the partial index `call_open_due_idx`, bounded below by HOTLINE_REMINDER_LOOKBACK_DAYS; one CallReminder
   per (call, follow-up time, level) is inserted, the unique constraint refusing a second.
2. Send: unsent rows are claimed (registry/outbox.py) and notified in the same transaction: never twice, never lost.
   A call called back or closed between the two steps is not reminded of (its row is deleted).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.outbox import SEND_BATCH, record, send_unsent
from registry.roles import Role
from zhanpu.text import series

from .models import CallReminder, HotlineCall

Level = CallReminder.Level
GROUPS = {Level.HOTLINE: Role.HOTLINE.value, Level.STATION: Role.STATION.value}


def crossed_threshold(level: int, *, now: datetime):
    """Open calls whose follow-up time crossed `level`'s threshold recently and have no reminder of that level yet."""
    upper = now - timedelta(hours=settings.HOTLINE_REMINDER_HOURS[int(level)])
    lower = upper - timedelta(days=settings.HOTLINE_REMINDER_LOOKBACK_DAYS)
    already = CallReminder.objects.filter(call=OuterRef("pk"), due=OuterRef("follow_up_due"), level=level)
    return HotlineCall.objects.filter(
        status=HotlineCall.Status.OPEN, follow_up_due__gte=lower, follow_up_due__lte=upper
    ).exclude(Exists(already)).order_by()


def record_overdue_calls(*, now: datetime | None = None) -> int:
    """Insert the outbox rows ("went past its follow-up time") for every level; returns how many were found."""
    now = now or timezone.now()
    rows = [
        CallReminder(call_id=pk, due=due, level=level)
        for level in Level.values
        for pk, due in crossed_threshold(level, now=now).values_list("pk", "follow_up_due")
    ]
    return record(CallReminder, rows)


def _message(level: int, group: list[CallReminder], now: datetime) -> tuple[str, str]:
    """Title and body of one notification, in the active language: call numbers only, no caller or child."""
    numbers = series(reminder.call_id for reminder in group[:3])
    if len(group) > 3:
        numbers = _("%(numbers)s 等 %(count)s 件") % {"numbers": numbers, "count": len(group)}
    if level == Level.HOTLINE:
        title = _("来电跟进逾期提醒：来电 %(numbers)s") % {"numbers": numbers}
    else:
        title = _("来电跟进逾期升级提醒：来电 %(numbers)s") % {"numbers": numbers}
    lines = [_line(reminder, now) for reminder in group]
    lines.append(_("请尽快回访并在平台上登记回访结果。") if level == Level.HOTLINE else _("请工作站督促回访。"))
    return title, "\n".join(lines)


def _line(reminder: CallReminder, now: datetime) -> str:
    values = {"no": reminder.call_id, "urgency": reminder.call.get_urgency_display(),
              "due": f"{timezone.localtime(reminder.due):%Y-%m-%d %H:%M}",
              "hours": int((now - reminder.due).total_seconds() // 3600)}
    if values["hours"] < 1:  # the operators' reminder goes out as soon as the time passes
        return _("来电 %(no)s（%(urgency)s）：应于 %(due)s 前回访，已逾期不到 1 小时。") % values
    return _("来电 %(no)s（%(urgency)s）：应于 %(due)s 前回访，已逾期 %(hours)s 小时。") % values


def _link(group: list[CallReminder]) -> str:
    return reverse("hotline:detail", args=[group[0].call_id]) if len(group) == 1 else reverse("hotline:followup")


def send_unsent_reminders(*, now: datetime | None = None, batch: int = SEND_BATCH) -> int:
    """Claim and send unsent reminders (registry.outbox.send_unsent), one notification per level to each recipient;
    returns how many this worker sent."""
    now = now or timezone.now()
    rows = CallReminder.objects.select_related("call").only("due", "level", "call__status", "call__urgency",
                                                            "call__follow_up_due")
    return send_unsent(
        # still open and still due then: a call whose urgency (so its deadline) was corrected since is not reminded of
        rows, batch=batch,
        still_due=lambda r: r.call.status == HotlineCall.Status.OPEN and r.call.follow_up_due == r.due,
        key=lambda reminder: reminder.level, group_name=GROUPS.__getitem__,
        compose=lambda level, group: _message(level, group, now), link=lambda level, group: _link(group),
    )


def run_reminder_pass(*, now: datetime | None = None) -> dict[str, int]:
    """One pass: record calls newly past their follow-up time, then send every unsent reminder."""
    recorded = record_overdue_calls(now=now)
    return {"recorded": recorded, "sent": send_unsent_reminders(now=now)}
