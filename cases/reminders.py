"""The referral reminder pass (run by Celery beat, see cases/tasks.py): an open referral past its due date reminds
the office's staff (level 1), then the station (level 2), after CASES_REFERRAL_REMINDER_DAYS.

1. Record: for each level, open referrals whose due date crossed the level's threshold are found with a range
   query on the partial index `referral_open_due_idx`, bounded below by CASES_REFERRAL_REMINDER_LOOKBACK_DAYS; one
   ReferralReminder per (referral, due date, level) is inserted, the unique constraint refusing a second.
2. Send: unsent rows are claimed (registry/outbox.py) and notified in the same transaction: never twice, never
   lost. A referral completed or returned, or whose case was closed, between the two steps is not reminded of (its row
   is deleted). A closed case's referrals are not reminded of at all (the station closed it: cases.services.status).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.outbox import SEND_BATCH, record, send_unsent
from registry.roles import Role
from registry.translation import translated_names
from zhanpu.text import series

from .models import Child, Referral, ReferralReminder

Level = ReferralReminder.Level


def crossed_threshold(level: int, *, today: date):
    """Open referrals whose due date crossed `level`'s threshold recently and have no reminder of that level yet."""
    upper = today - timedelta(days=settings.CASES_REFERRAL_REMINDER_DAYS[int(level)])
    lower = upper - timedelta(days=settings.CASES_REFERRAL_REMINDER_LOOKBACK_DAYS)
    already = ReferralReminder.objects.filter(referral=OuterRef("pk"), due_date=OuterRef("due_date"), level=level)
    return Referral.objects.filter(
        status__in=Referral.OPEN_STATUSES, due_date__gte=lower, due_date__lte=upper
    ).exclude(child__status=Child.Status.CLOSED).exclude(Exists(already)).order_by()


def record_overdue_referrals(*, today: date | None = None) -> int:
    """Insert the outbox rows ("went past its due date") for every level; returns how many candidates were found."""
    today = today or timezone.localdate()
    rows = [
        ReferralReminder(referral_id=pk, due_date=due, level=level)
        for level in Level.values
        for pk, due in crossed_threshold(level, today=today).values_list("pk", "due_date")
    ]
    return record(ReferralReminder, rows)


def _group_name(level: int, office) -> str:
    return f"office:{office.code}" if level == Level.OFFICE else Role.STATION.value


def _message(level: int, office, group: list[ReferralReminder], today: date) -> tuple[str, str]:
    """Title and body of one notification, in the active language: referral and file numbers only, no name."""
    numbers = series(reminder.referral_id for reminder in group[:3])
    if len(group) > 3:
        numbers = _("%(numbers)s 等 %(count)s 件") % {"numbers": numbers, "count": len(group)}
    if level == Level.OFFICE:
        title = _("帮扶转介逾期提醒：%(office)s 转介 %(numbers)s") % {"office": office.name, "numbers": numbers}
    else:
        title = _("帮扶转介逾期升级提醒：%(office)s 转介 %(numbers)s") % {"office": office.name, "numbers": numbers}
    lines = [
        _("转介 %(no)s（档案 %(child)s）：办理期限 %(due)s，已逾期 %(days)s 天，当前状态：%(status)s。") % {
            "no": reminder.referral_id, "child": reminder.referral.child_id, "due": reminder.due_date.isoformat(),
            "days": (today - reminder.due_date).days, "status": reminder.referral.get_status_display()}
        for reminder in group
    ]
    lines.append(_("请尽快办理并在平台上回复。") if level == Level.OFFICE else _("请工作站督促接收部门办理。"))
    return title, "\n".join(lines)


def _link(group: list[ReferralReminder]) -> str:
    if len(group) == 1:
        return reverse("cases:referral_detail", args=[group[0].referral_id])
    return reverse("cases:referral_list")


def send_unsent_reminders(*, today: date | None = None, batch: int = SEND_BATCH) -> int:
    """Claim and send unsent reminders (registry.outbox.send_unsent), one notification per level and office to each
    recipient; returns how many this worker sent."""
    today = today or timezone.localdate()
    rows = ReferralReminder.objects.select_related("referral__office", "referral__child").only(
        "due_date", "level", "referral__status", "referral__due_date", "referral__child__status",
        "referral__office__code", "referral__office__name", *translated_names("referral__office"),
    )
    return send_unsent(
        # still open, its case too, and still due when it was recorded: a re-routed referral has a new office and
        # due date
        rows, batch=batch, still_due=lambda r: (r.referral.is_open and r.referral.child.status != Child.Status.CLOSED
                                                and r.due_date == r.referral.due_date),
        key=lambda reminder: (reminder.level, reminder.referral.office), group_name=lambda key: _group_name(*key),
        compose=lambda key, group: _message(*key, group, today), link=lambda key, group: _link(group),
    )


def run_reminder_pass(*, today: date | None = None) -> dict[str, int]:
    """One pass: record newly overdue referrals, then send every unsent reminder."""
    recorded = record_overdue_referrals(today=today)
    return {"recorded": recorded, "sent": send_unsent_reminders(today=today)}
