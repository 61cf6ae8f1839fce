"""Writes for the organisation at work (issue 6): versioned saves, task progress, holiday seeding."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanpu.drafts import AlreadySubmitted, store_once

from .compliance import holidays_loaded
from .models import Holiday, Task, TaskNote, User


class StaleVersionError(Exception):
    """Someone else saved the record after this user opened it."""

    message = _("这条记录已被他人修改。您的输入仍保留在下方，请刷新页面查看最新内容后再保存。")


def _holds(record: models.Model, submitted: dict) -> bool:
    """Whether the stored `record` holds the `submitted` input ({field name: value as the form cleaned it})."""
    for name, value in submitted.items():
        if record._meta.get_field(name).many_to_many:
            if set(getattr(record, name).values_list("pk", flat=True)) != {item.pk for item in value}:
                return False
        elif getattr(record, name) != value:
            return False
    return True


def _last_saved_by(record: models.Model, by: User | None) -> bool:
    """Whether `by` made the last save of `record`, when its model keeps a history (django-simple-history); a model
    without one cannot say, and does not refuse."""
    if not hasattr(type(record), "history"):
        return True
    last = record.history.only("history_user_id").first()
    return by is not None and last is not None and last.history_user_id == by.pk


@transaction.atomic
def save_record(
    *, instance: models.Model, seen_version: int | None = None, save_m2m=None, by: User | None = None,
    submitted: dict | None = None, submission_key=None, owner: dict | None = None,
) -> models.Model:
    """Validate and save `instance`; returns the record saved. `submitted`: the input of the form it comes from
    ({field name: cleaned value}), `by`: who sent it.

    An edit of a model with a `version` is refused (StaleVersionError) if the record moved on since `seen_version`,
    unless the one save since is `by`'s (_last_saved_by) and stored this very input: the same form sent again after
    its answer was lost, answered as saved with the stored record (nothing is saved again).

    A new record with a `submission_key` is filed once per key (zhanpu.drafts.store_once): the form sent again gets
    the record the key stored, provided its `owner` ({"recorded_by_id": 3}) and input are the same (otherwise
    AlreadySubmitted, a ValidationError)."""
    submitted = submitted or {}
    model = type(instance)
    if instance.pk and hasattr(instance, "version"):
        stored = model.objects.select_for_update().filter(pk=instance.pk).first()
        if stored is not None and stored.version != seen_version:
            if (seen_version is not None and stored.version == seen_version + 1 and submitted
                    and _last_saved_by(stored, by) and _holds(stored, submitted)):
                return stored
            raise StaleVersionError
        instance.version = (stored.version if stored else 0) + 1

    def save():
        instance.full_clean(exclude=["submission_key"] if submission_key else None)
        instance.save()
        if save_m2m:
            save_m2m()
        return instance

    if instance.pk or submission_key is None:
        return save()
    instance.submission_key = submission_key
    fields = {name: value for name, value in submitted.items() if not model._meta.get_field(name).many_to_many}
    stored = store_once(model, submission_key, save, owner=owner or {}, fields=fields)
    if stored is not instance and not _holds(stored, submitted):
        raise AlreadySubmitted()
    return stored


@transaction.atomic
def add_task_note(
    *, task: Task, author: User, text: str, status: str, seen_status: str = "", submission_key=None,
) -> TaskNote:
    """Record progress on `task` and move it to `status` (completed_on follows the status; a task already done keeps
    the day it was done). `seen_status`: the task's status on the page the note was written on; when someone changed
    it since (or, unknown, the task is done), a note that would set another status is refused, rather than undo
    their change. The form's
    `submission_key` sent again returns the note it recorded (zhanpu.drafts.store_once) and leaves the task as it is."""
    task = Task.objects.select_for_update().get(pk=task.pk)  # a note sent twice at once waits its turn
    note = TaskNote(task=task, author=author, text=text, status=status, submission_key=submission_key)
    # a note without `seen_status` (a page shown before the form had it) cannot tell: it may not undo a completion
    moved_on = seen_status != task.status if seen_status else task.status == Task.Status.DONE
    changed_meanwhile = moved_on and status != task.status
    sent_before = submission_key is not None and TaskNote.objects.filter(submission_key=submission_key).exists()
    if changed_meanwhile and not sent_before:
        raise ValidationError(_(
            "任务状态已被他人改为“%(status)s”。您的进展尚未保存，仍保留在下方：请核对状态后再提交。"
        ) % {"status": task.get_status_display()})

    def save():
        note.full_clean(exclude=["submission_key"])
        note.save()
        return note

    stored = store_once(TaskNote, submission_key, save, owner={"author_id": author.pk, "task_id": task.pk},
                        fields={"text": text, "status": status})
    if stored is not note:
        return stored
    if status != Task.Status.DONE:
        task.completed_on = None
    elif task.status != Task.Status.DONE:
        task.completed_on = timezone.localdate()
    task.status = status
    task.version += 1
    task.full_clean()
    task.save(update_fields=["status", "completed_on", "version"])
    return note


def _assignees(office_id: int | None, village_id: int | None):
    """Who works on a task assigned to the office or the village: its staff, or its child directors, as the pages
    find them (registry.selectors)."""
    from .selectors import directors_of, staff_of

    return staff_of([office_id]) if office_id else directors_of([village_id])


def tell_task_assignees(*, task: Task, before: tuple[int | None, int | None] | None = None) -> None:
    """After the station saved `task`: the office or village it is now assigned to and was not `before` (its
    (office, village) pks as they were; None for a new task) is told, or the station, saying why, when nobody there
    has an account; the one it was taken from is told too, and the links to it its people were sent are withdrawn
    from those who may no longer open it (the page would answer 404). A due date already past is reminded of now."""
    from .outbox import notify_or_station
    from .selectors import tasks_visible_to
    from .services import notify, withdraw_links
    from .task_reminders import remind_if_past_due

    url = reverse("registry:task", args=[task.pk])
    if before != (task.office_id, task.village_id):
        recipients = list(_assignees(task.office_id, task.village_id))
        if before is not None:
            old = [user for user in _assignees(*before) if user not in recipients]
            withdraw_links(recipients=[user for user in old if not tasks_visible_to(user).filter(pk=task.pk).exists()],
                           url=url)
            notify(recipients=old, compose=lambda: (
                _("任务已改由其他单位负责"), _("“%(title)s”已不再由本单位负责，无需再办理。") % {"title": task.title}))

        notify_or_station(recipients=recipients, url=url, compose=lambda: (
            _("新任务：%(title)s") % {"title": task.title},
            _("完成期限：%(due)s") % {"due": f"{task.due_on:%Y-%m-%d}"}))
    remind_if_past_due(task)


# The `holidays` package's marks on an English day name: "Labor Day (observed)", "Day off (substituted from …)".
_PACKAGE_MARKS = re.compile(r" \((?:observed|substituted from [^)]*)\)")


def china_holiday_periods(year: int) -> list[tuple[str, str, dt.date, dt.date]]:
    """China's public-holiday periods of `year` from the `holidays` package, as (Chinese name, English name,
    first day, last day).

    A period is a run of consecutive days off (holidays plus weekends that are not adjusted working days)
    containing at least one public holiday, e.g. 国庆节 (National Day) 2026-10-01 to 2026-10-07. Its English name
    is the package's en_US name of the same day, without the package's "(observed)" and "(substituted from …)".
    """
    import holidays

    calendar = holidays.China(years=year, language="zh_CN")
    english = holidays.China(years=year, language="en_US")
    days_off = sorted(calendar)
    periods: list[tuple[str, str, dt.date, dt.date]] = []
    for day in days_off:
        if periods and periods[-1][3] >= day:
            continue
        start = end = day
        while not calendar.is_working_day(start - dt.timedelta(days=1)):
            start -= dt.timedelta(days=1)
        while not calendar.is_working_day(end + dt.timedelta(days=1)):
            end += dt.timedelta(days=1)
        named = [(calendar[d].split("（")[0], d) for d in days_off if start <= d <= end]
        main = [(n, d) for n, d in named if n != "休息日" and "除夕" not in n]  # 春节, not 农历除夕; never 休息日
        name, named_day = (main or named)[0]
        periods.append((name, _PACKAGE_MARKS.sub("", english[named_day]), start, end))
    return periods


SAME_PERIOD_WITHIN = dt.timedelta(days=60)  # a holiday name comes once a year: the same name this near is the same one


@transaction.atomic
def seed_holidays(*, year: int) -> int:
    """Create the package's holiday periods of `year` that are not in the table yet, in Chinese and English; returns
    how many periods the package has. Idempotent. A period is found by its Chinese name (language-neutral, whatever
    language is active) and a first day within SAME_PERIOD_WITHIN of the package's: a period already there, loaded
    or manual, keeps the dates and source it has (the station corrects the package's estimates on the holiday page,
    its first day included); only an English name still blank is filled in, for periods loaded before the English
    existed."""
    count = 0
    for name, name_en, start, end in china_holiday_periods(year):
        holiday = Holiday.objects.filter(
            name_zh_hans=name, start_date__range=(start - SAME_PERIOD_WITHIN, start + SAME_PERIOD_WITHIN),
        ).first()
        if holiday is None:
            Holiday.objects.create(name_zh_hans=name, name_en=name_en, start_date=start, end_date=end,
                                   source=Holiday.Source.PACKAGE)
        elif not holiday.name_en:
            holiday.name_en = name_en
            holiday.save(update_fields=["name_en"])
        count += 1
    return count


def load_coming_holidays(today: dt.date | None = None) -> dict[int, int]:
    """Load this year's and next year's holiday periods from the package, each only if none of the package's
    periods of that year is loaded yet: run daily by Celery beat, so next year's holidays are in the table well
    before 1 January. Idempotent; a year already loaded is left as the station may have corrected it.
    Returns {year: periods loaded} for the years it loaded."""
    year = (today or timezone.localdate()).year
    return {
        y: seed_holidays(year=y) for y in (year, year + 1) if not holidays_loaded(y, source=Holiday.Source.PACKAGE)
    }


WORK_MODELS = [
    "workroom", "directorprofile", "socialforce", "socialactivity", "facility", "facilityinspection", "holiday",
    "familyeducationsession", "publicity", "task", "tasknote",
]


@transaction.atomic
def grant_work_admin_perms() -> None:
    """The leadership group reads these models in the Django admin; the admin role maintains the holiday table."""
    from django.contrib.auth.models import Permission

    from .roles import Role
    from .services import role_group

    registry_perms = Permission.objects.filter(content_type__app_label="registry")
    role_group(Role.LEADERSHIP).permissions.add(*registry_perms.filter(codename__in=[f"view_{m}" for m in WORK_MODELS]))
    role_group(Role.ADMIN).permissions.add(*registry_perms.filter(content_type__model="holiday"))
