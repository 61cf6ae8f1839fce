"""The overdue-task reminder pass (run by Celery beat, see registry/tasks.py): a task of the plan's breakdown (任务分解)
not done by its 完成期限 reminds its office's staff or its village's child directors (level 1), then the station
(level 2), REGISTRY_TASK_REMINDER_DAYS after the due date.

1. Record: for each level, unfinished tasks whose due date crossed the level's threshold, bounded below by
   REGISTRY_TASK_REMINDER_LOOKBACK_DAYS; one TaskReminder per (task, due date, level), the unique constraint refusing
   a second. A task saved with a due date already long past is recorded then (remind_if_past_due).
2. Send: unsent rows are claimed (registry/outbox.py) and notified in the same transaction: never twice, never lost.
   A task done, or given another due date, between the two steps is not reminded of (its row is deleted).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanpu.links import list_url

from .models import Task, TaskReminder
from .outbox import SEND_BATCH, record, send_unsent
from .roles import Role

Level = TaskReminder.Level


def crossed_threshold(level: int, *, today: date, tasks=None):
    """Unfinished tasks whose due date crossed `level`'s threshold recently, without a reminder of that level yet.
    `tasks` (a queryset): theirs only, however long ago their due date."""
    upper = today - timedelta(days=settings.REGISTRY_TASK_REMINDER_DAYS[int(level)])
    lower = upper - timedelta(days=settings.REGISTRY_TASK_REMINDER_LOOKBACK_DAYS)
    since = {"due_on__lte": upper} if tasks is not None else {"due_on__range": (lower, upper)}
    already = TaskReminder.objects.filter(task=OuterRef("pk"), due_on=OuterRef("due_on"), level=level)
    return ((Task.objects if tasks is None else tasks).exclude(status=Task.Status.DONE).filter(**since)
            .exclude(Exists(already)).order_by())


def record_overdue_tasks(*, today: date | None = None, tasks=None) -> int:
    """Insert the outbox rows ("went past its due date") for every level; returns how many candidates were found."""
    today = today or timezone.localdate()
    rows = [
        TaskReminder(task_id=pk, due_on=due, level=level)
        for level in Level.values
        for pk, due in crossed_threshold(level, today=today, tasks=tasks).values_list("pk", "due_on")
    ]
    return record(TaskReminder, rows)


def remind_if_past_due(task: Task, *, today: date | None = None) -> None:
    """Record `task`'s reminders at once when it is saved with a due date already past (a duty entered late): the
    pass's look-back, bounded to stay cheap, would never reach a date long past."""
    today = today or timezone.localdate()
    if task.status != Task.Status.DONE and task.due_on < today:
        record_overdue_tasks(today=today, tasks=Task.objects.filter(pk=task.pk))


def _group_name(level: int, assignee) -> str:
    """"office:<code>" or "village:<code>" (registry.outbox.group_members), or the station."""
    return f"{assignee._meta.model_name}:{assignee.code}" if level == Level.ASSIGNEE else Role.STATION.value


def _message(level: int, assignee, group: list[TaskReminder], today: date) -> tuple[str, str]:
    """Title and body of one notification, in the active language. A task names a duty, never a child."""
    if level == Level.ASSIGNEE:
        title = _("任务逾期提醒：%(assignee)s") % {"assignee": assignee.name}
    else:
        title = _("任务逾期升级提醒：%(assignee)s") % {"assignee": assignee.name}
    lines = [
        _("“%(title)s”：完成期限 %(due)s，已逾期 %(days)s 天，当前状态：%(status)s。") % {
            "title": reminder.task.title, "due": reminder.due_on.isoformat(), "days": (today - reminder.due_on).days,
            "status": reminder.task.get_status_display()}
        for reminder in group
    ]
    lines.append(_("请尽快办理并在平台上填写进展。") if level == Level.ASSIGNEE else _("请工作站督促责任单位办理。"))
    return title, "\n".join(lines)


def _link(group: list[TaskReminder]) -> str:
    if len(group) == 1:
        return reverse("registry:task", args=[group[0].task_id])
    return list_url("registry:tasks", overdue=1)


def send_unsent_reminders(*, today: date | None = None, batch: int = SEND_BATCH) -> int:
    """Claim and send unsent reminders (registry.outbox.send_unsent), one notification per level and assignee to
    each recipient; returns how many this worker sent."""
    today = today or timezone.localdate()
    rows = TaskReminder.objects.select_related("task__office", "task__village")
    return send_unsent(
        rows, batch=batch,
        still_due=lambda r: r.task.status != Task.Status.DONE and r.due_on == r.task.due_on,
        key=lambda reminder: (reminder.level, reminder.task.assignee), group_name=lambda key: _group_name(*key),
        compose=lambda key, group: _message(*key, group, today), link=lambda key, group: _link(group),
    )


def run_reminder_pass(*, today: date | None = None) -> dict[str, int]:
    """One pass: record newly overdue tasks, then send every unsent reminder."""
    recorded = record_overdue_tasks(today=today)
    return {"recorded": recorded, "sent": send_unsent_reminders(today=today)}
