"""The reminder pass (run by Celery beat, see visits/tasks.py).

1. Record: for each level, the open children whose due date crossed that level's threshold (level 1 on the due
   date, level 2 and 3 after VISIT_ESCALATION_DAYS) are found with a range query on the partial index
   `child_open_due_idx`, bounded below by VISIT_REMINDER_LOOKBACK_DAYS so the work is proportional to the newly
   overdue, never to every child. A re-plan that sets a due date already past records that child's reminders at
   once (visits.services), however far past: the look-back would miss them. One VisitReminder row per (child, due
   date, level) is inserted with `bulk_create(ignore_conflicts=True)`: the unique constraint makes a duplicate
   impossible.
2. Send: unsent rows are claimed (registry/outbox.py: a conditional UPDATE, `... WHERE sent_at IS NULL`) and
   notified in the same transaction. A concurrent worker skips the rows locked by the first (FOR UPDATE SKIP LOCKED
   on PostgreSQL), and its conditional UPDATE would in any case find them already sent, so nobody sends twice; a
   worker killed before commit rolls back, so the next pass sends what it left. E-mails go out after the commit
   (registry.services.notify).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Child
from registry.outbox import SEND_BATCH, record, send_unsent
from registry.roles import Role
from registry.selectors import directors_of
from zhanpu.text import series

from .models import VisitReminder

Level = VisitReminder.Level


def threshold_days(level: int) -> int:
    """Days after the due date at which `level` fires (level 1: 0, on the due date)."""
    return int(settings.VISIT_ESCALATION_DAYS[int(level)])


def crossed_threshold(level: int, *, today: date, children=None):
    """Open children whose due date crossed `level`'s threshold recently and have no reminder of that level yet.
    `children`: only those, however long ago their due date (a due date just set in the past)."""
    upper = today - timedelta(days=threshold_days(level))
    if children is None:
        lower = upper - timedelta(days=settings.VISIT_REMINDER_LOOKBACK_DAYS)
        children = Child.objects.filter(next_visit_due__gte=lower)
    already = VisitReminder.objects.filter(child=OuterRef("pk"), due_date=OuterRef("next_visit_due"), level=level)
    return children.filter(
        status__in=Child.FOLLOWED_UP, next_visit_due__lte=upper
    ).exclude(Exists(already)).order_by()


def record_due_reminders(*, today: date | None = None, children=None) -> int:
    """Insert the outbox rows ("became overdue") for every level; returns how many candidates were found.
    `children` (a queryset): record theirs only, whatever their due date; the re-plans call it for the children they
    just gave a due date already past (a higher tier, a shorter interval, an old paper visit filed late), which the
    pass's look-back, bounded to stay cheap every minute, would never reach."""
    today = today or timezone.localdate()
    rows = [
        VisitReminder(child_id=pk, due_date=due, level=level)
        for level in Level.values
        for pk, due in crossed_threshold(level, today=today, children=children).values_list("pk", "next_visit_due")
    ]
    return record(VisitReminder, rows)


def _group_name(level: int, village) -> str:
    """The group a reminder of `level` for a child of `village` goes to."""
    if level == Level.DIRECTOR:
        return f"village:{village.code}"
    return Role.STATION.value if level == Level.STATION else Role.LEADERSHIP.value


def _message(level: int, village, group: list[VisitReminder], today: date) -> tuple[str, str]:
    """Title and body of one notification for the reminders of one level and village, in the active language.

    Village and file numbers only: no name, ID or phone number leaves the portal by e-mail."""
    numbers = series(reminder.child_id for reminder in group[:3])
    if len(group) > 3:
        numbers = _("%(numbers)s 等 %(count)s 名儿童") % {"numbers": numbers, "count": len(group)}
    if level == Level.DIRECTOR:
        title = _("家访到期提醒：%(village)s 档案 %(numbers)s") % {"village": village.name, "numbers": numbers}
    else:
        title = _("家访逾期升级提醒：%(village)s 档案 %(numbers)s") % {"village": village.name, "numbers": numbers}
    working = set(directors_of([village.pk]).values_list("pk", flat=True))  # its directors now
    lines = [_line(reminder, today, working) for reminder in group]
    lines.append(_("请尽快安排家访并填报家访记录。"))
    return title, "\n".join(lines)


def _line(reminder: VisitReminder, today: date, working: set[int]) -> str:
    """One child of a reminder, with its responsible director when it has one who still works in the village
    (`working`: every director of the village reads the reminder: each sees whose child it is, and nobody leaves it
    to a director who has left)."""
    values = {"no": reminder.child_id, "due": reminder.due_date.isoformat(), "days": (today - reminder.due_date).days}
    director = reminder.child.responsible_director
    if director is not None and director.pk not in working:
        director = None
    if values["days"] <= 0:  # the first reminder comes on the due date itself: a visit today is still on time
        if director is None:
            return _("档案 %(no)s：今天（%(due)s）到期，请今天入户走访。") % values
        return _("档案 %(no)s：今天（%(due)s）到期，请今天入户走访（负责：%(director)s）。") % {
            **values, "director": director}
    if director is None:
        return _("档案 %(no)s：应于 %(due)s 前入户走访，已逾期 %(days)s 天。") % values
    return _("档案 %(no)s：应于 %(due)s 前入户走访，已逾期 %(days)s 天（负责：%(director)s）。") % {
        **values, "director": director}


def _link(village, group: list[VisitReminder]) -> str:
    """The child's visits for one reminder, the village's overdue list for several."""
    if len(group) == 1:
        return reverse("visits:child", args=[group[0].child_id])
    return f"{reverse('visits:due')}?only=overdue&village={village.pk}"


def send_unsent_reminders(*, today: date | None = None, batch: int = SEND_BATCH) -> int:
    """Claim and send unsent reminders (registry.outbox.send_unsent), one notification per level and village to each
    recipient; returns how many this worker sent. No child's personal data is loaded (or decrypted) to send them."""
    today = today or timezone.localdate()
    rows = VisitReminder.objects.select_related("child__village", "child__responsible_director").only(
        "child__village__code", "child__village__name", "child__responsible_director__real_name",
        "child__responsible_director__username", "child__status", "child__next_visit_due", "due_date", "level")
    return send_unsent(
        # still followed up and still due on that date: a visit filed (or the case closed) since is not reminded of
        rows, batch=batch,
        still_due=lambda r: r.child.status in Child.FOLLOWED_UP and r.child.next_visit_due == r.due_date,
        key=lambda reminder: (reminder.level, reminder.child.village),
        group_name=lambda key: _group_name(*key), compose=lambda key, group: _message(*key, group, today),
        link=lambda key, group: _link(key[1], group),
    )


def run_reminder_pass(*, today: date | None = None) -> dict[str, int]:
    """One pass: record newly overdue reminders, then send every unsent one (including those a dead worker left)."""
    recorded = record_due_reminders(today=today)
    return {"recorded": recorded, "sent": send_unsent_reminders(today=today)}
