"""Writes for the hotline ledger. Keyword-only, validated, atomic."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.access import is_station
from registry.models import User
from registry.validators import normalize_phone
from zhanpu.drafts import store_once

from . import handoffs
from .models import EARLIEST_YEAR, CallFeedback, CallIntake, HotlineCall, IssueCategory, LedgerReview

Urgency = HotlineCall.Urgency

FOLLOW_UP_DELAY = {Urgency.PRESSING: timedelta(hours=72), Urgency.NORMAL: timedelta(days=7)}


class StaleCall(ValidationError):
    """Someone else saved the call since this form was opened."""

    def __init__(self):
        super().__init__(
            _("该来电记录已被他人修改，请刷新页面核对后再保存（您填写的内容仍保留在表单中）。"), code="stale"
        )


def follow_up_due(received_at: datetime, urgency: str) -> datetime | None:
    """紧急: by the end of the day of the call; 较急: 72 hours; 一般: one week; no urgency (invalid call): none."""
    if urgency == Urgency.URGENT:
        day = timezone.localtime(received_at).date() + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, time.min))
    if urgency in FOLLOW_UP_DELAY:
        return received_at + FOLLOW_UP_DELAY[urgency]
    return None


def _close_if_invalid(call: HotlineCall, by: User) -> None:
    """An invalid call needs no follow-up: no urgency, closed at once with its kind as the outcome."""
    call.urgency = ""
    if call.status != HotlineCall.Status.CLOSED:
        call.status = HotlineCall.Status.CLOSED
        call.closed_at, call.closed_by, call.outcome = call.received_at, by, call.get_call_type_display()


@transaction.atomic
def log_call(
    *, by: User, categories: list[IssueCategory] | None = None, submission_key=None, **fields
) -> HotlineCall:
    """Log a call answered by `by`; its follow-up due time follows from its urgency. The form's `submission_key`
    sent again returns the call it logged (zhanpu.drafts.store_once)."""
    call = HotlineCall(operator=by, submission_key=submission_key, **fields)

    def save():
        if call.is_invalid:
            _close_if_invalid(call, by)
        call.full_clean(exclude=["submission_key"])
        call.follow_up_due = follow_up_due(call.received_at, call.urgency)
        call.save()
        if categories:
            call.categories.set(categories)
        handoffs.tell(call)
        return call

    return store_once(HotlineCall, submission_key, save, owner={"operator_id": by.pk}, fields=fields)


def log_invalid_call(*, by: User, call_type: str, submission_key=None) -> HotlineCall:
    """An invalid call (沉默/挂断/骚扰/打错): logged and closed at once, nothing else asked. The button's
    `submission_key` sent again (a double tap) returns the call it logged."""
    if not call_type.startswith("invalid_") or call_type not in HotlineCall.CallType.values:
        raise ValidationError(_("无效来电类型不正确。"))
    return log_call(by=by, call_type=call_type, submission_key=submission_key)


def _lock(call: HotlineCall, version: int, *, by: User | None = None, holds=None) -> HotlineCall:
    """The call, locked, as the form read it (`version`); refused with StaleCall if it was saved since.

    Except when the form is sent again after its answer was lost (a double tap, a phone resending): the one save
    since `version` was by `by` (the call's history says who saved last) and the call `holds(current)` exactly what
    the form sends. That call is returned as it is, its version moved on (`_sent_again`), for the service to answer
    as saved without saving it twice."""
    current = HotlineCall.objects.select_for_update().get(pk=call.pk)
    if current.version != version and not (holds and _saved_once_since(current, version, by) and holds(current)):
        raise StaleCall()
    return current


def _saved_once_since(call: HotlineCall, version: int, by: User | None) -> bool:
    """Whether `call` was saved once since `version`, by `by`."""
    latest = call.history.first()
    return by is not None and call.version == version + 1 and latest is not None and latest.history_user_id == by.pk


def _sent_again(current: HotlineCall, version: int) -> bool:
    """Whether `_lock` let the form through as the same change sent again, already saved."""
    return current.version != version


def _save(call: HotlineCall, by: User, **fields) -> HotlineCall:
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    call.version += 1
    call._history_user = by  # who saved it, also without a request (_saved_once_since reads it back)
    call.save()
    return call


def _closed_as_invalid(call: HotlineCall) -> bool:
    """Whether the stored `call` carries the automatic closure of an invalid call (_close_if_invalid), which closes
    it at the moment it was received. A closure by the station (close_call) comes later, with a real outcome."""
    return call.is_invalid and call.status == HotlineCall.Status.CLOSED and call.closed_at == call.received_at


@transaction.atomic
def update_call(
    *, call: HotlineCall, by: User, version: int, categories: list[IssueCategory] | None = None, **fields
) -> HotlineCall:
    """Correct a logged call; refused with StaleCall if someone saved it since `version` was read.

    A call corrected to invalid is closed; a mistaken invalid call corrected to a real one is reopened. A call the
    station had already closed keeps its closure, outcome and urgency whatever its type is corrected to, so a
    mistaken correction to invalid, undone, loses nothing.
    """
    categories = list(categories or [])
    current = _lock(call, version, by=by, holds=lambda stored: _holds_correction(stored, categories, fields))
    if _sent_again(current, version):
        return current
    before = handoffs.handoff(current)
    closed_as_invalid = _closed_as_invalid(current)
    closed_by_station = current.status == HotlineCall.Status.CLOSED and not closed_as_invalid
    for name, value in fields.items():
        setattr(current, name, value)
    if current.is_invalid and not closed_by_station:
        _close_if_invalid(current, by)
        current.closed_at = current.received_at  # still closed at once, should the time have been corrected
    elif closed_as_invalid:  # a mistaken invalid call corrected to a real one: its automatic closure is undone
        current.status = HotlineCall.Status.CALLED_BACK if current.callback_at else HotlineCall.Status.OPEN
        current.closed_at, current.closed_by, current.outcome = None, None, ""
    # Closed or not: the response figures judge a closed call's answer against this deadline (a corrected day or
    # urgency must move it).
    current.follow_up_due = follow_up_due(current.received_at, current.urgency)
    current.skip_history_when_saving = True  # set without history rows of their own: the save's row keeps them
    current.categories.set(categories)
    del current.skip_history_when_saving
    _save(current, by)
    handoffs.tell(current, before=before)
    return current


def _holds_correction(call: HotlineCall, categories: list[IssueCategory], fields: dict) -> bool:
    """Whether the stored `call` already holds the correction (update_call's `fields` and `categories`). A call
    corrected to invalid was stored without the urgency the form sent (_close_if_invalid)."""
    for name, value in fields.items():
        stored = getattr(call, name)
        if name == "caller_phone":
            value = normalize_phone(value)
        if stored != value and not (name == "urgency" and call.is_invalid and stored == ""):
            return False
    return set(call.categories.all()) == set(categories)


@transaction.atomic
def record_callback(*, call: HotlineCall, version: int, by: User, at: datetime, result: str) -> HotlineCall:
    """回访: when, by whom, with what result."""
    current = _lock(call, version, by=by, holds=lambda stored: (
        stored.status == HotlineCall.Status.CALLED_BACK and stored.callback_at == at and stored.callback_by_id == by.pk
        and stored.callback_result == result))
    if _sent_again(current, version):
        return current
    if current.status == HotlineCall.Status.CLOSED:
        raise ValidationError(_("该来电已办结，不能再登记回访。"))
    status = HotlineCall.Status.CALLED_BACK
    return _save(current, by, callback_at=at, callback_by=by, callback_result=result, status=status)


@transaction.atomic
def close_call(*, call: HotlineCall, version: int, by: User, outcome: str) -> HotlineCall:
    current = _lock(call, version, by=by, holds=lambda stored: (
        stored.status == HotlineCall.Status.CLOSED and stored.closed_by_id == by.pk and stored.outcome == outcome))
    if _sent_again(current, version):
        return current
    if current.status == HotlineCall.Status.CLOSED:
        raise ValidationError(_("该来电已办结。"))
    status = HotlineCall.Status.CLOSED
    return _save(current, by, status=status, closed_at=timezone.now(), closed_by=by, outcome=outcome)


@transaction.atomic
def link_child(*, call: HotlineCall, child) -> HotlineCall:
    """Link the call to a child on file; the call then shows on that child's timeline. A merged duplicate's call goes
    to the file it was merged into."""
    while child.merged_into_id:
        child = child.merged_into
    current = HotlineCall.objects.select_for_update().get(pk=call.pk)
    before = handoffs.handoff(current)
    current.child = child
    current.version += 1
    current.save(update_fields=["child", "version"])
    handoffs.tell(current, before=before)
    return current


@transaction.atomic
def open_intake(*, call: HotlineCall, by: User, name: str, birth_year: int | None = None, village=None,
                details: str = "") -> CallIntake:
    """Ask the station to open a file for a child named on the call who is not on file. Checked on the call as it is
    now (locked): the same request sent twice at once (a double tap) is made once, the second refused."""
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    if call.child_id:
        raise ValidationError(_("该来电已关联儿童档案，无需申请建档。"))
    if CallIntake.objects.filter(call=call).exists():
        raise ValidationError(_("该来电已有建档申请。"))
    intake = CallIntake(call=call, opened_by=by, name=name, birth_year=birth_year, village=village, details=details)
    intake.full_clean()
    try:
        with transaction.atomic():
            intake.save()
    except IntegrityError:
        raise ValidationError(_("该来电已有建档申请。")) from None
    return intake


def _decide(intake: CallIntake, by: User, status: str, **fields) -> CallIntake:
    """Settle the open intake (`status`, `fields`); the operator who asked for it is told the outcome, with a link to
    the call (its page shows the file, or the reason for not opening one: e-mail carries neither)."""
    from registry.services import notify

    current = CallIntake.objects.select_for_update().get(pk=intake.pk)
    if current.status != CallIntake.Status.OPEN:
        raise ValidationError(_("该建档申请已处理。"))
    for name, value in dict(fields, status=status, decided_by=by, decided_at=timezone.now()).items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    if current.opened_by_id and current.opened_by_id != by.pk:
        notify(recipients=[current.opened_by], url=reverse("hotline:detail", args=[current.call_id]), compose=lambda: (
            _("建档申请已处理：%(outcome)s") % {"outcome": current.get_status_display()},
            _("来电 #%(number)s 的建档申请已由工作站处理：%(outcome)s。") % {
                "number": current.call_id, "outcome": current.get_status_display()}))
    return current


@transaction.atomic
def register_intake(
    *, intake: CallIntake, by: User, categories=None, guardians: list[dict] | None = None, **child_fields
) -> CallIntake:
    """Turn the intake into a child's file with its guardians (cases.services.register_child: DuplicateChild if
    already on file)."""
    from cases.services import register_child

    child = register_child(by=by, categories=categories, guardians=guardians, **child_fields)
    intake = _decide(intake, by, CallIntake.Status.REGISTERED, child=child)
    link_child(call=intake.call, child=child)
    return intake


@transaction.atomic
def link_intake_to_existing(*, intake: CallIntake, by: User, child) -> CallIntake:
    """The child turned out to be on file already: settle the intake by linking the call to that file."""
    intake = _decide(intake, by, CallIntake.Status.REGISTERED, child=child)
    link_child(call=intake.call, child=child)
    return intake


@transaction.atomic
def dismiss_intake(*, intake: CallIntake, by: User, reason: str) -> CallIntake:
    return _decide(intake, by, CallIntake.Status.DISMISSED, dismiss_reason=reason)


# Issue categories of the call → the reporting situations they suggest (the operator confirms or changes them).
SUGGESTED_SITUATIONS = {
    "violence_physical": "injuries",
    "violence_emotional": "other_serious",
    "neglect": "abandoned",
    "missing": "missing_trafficked",
}


@transaction.atomic
def file_report_from_call(
    *, call: HotlineCall, version: int, by: User, reporter_kind: str, situations: list[str], summary: str,
    reporter_name: str = "",
) -> HotlineCall:
    """强制报告 in one step from a call that reports harm to a linked child (cases.services.file_mandatory_report).

    The caller's number goes into the report, where only the station can see it. The child's file is locked before
    the call, in the order a merge of two files locks them (the file, then the calls it moves): a merge at the same
    moment is waited for, never deadlocked with, and the report is then refused as the call belongs to another file.
    """
    from cases.services import file_mandatory_report
    from cases.services.children import locked

    linked = HotlineCall.objects.select_related("child").get(pk=call.pk).child
    if linked is None:
        raise ValidationError(_("请先将来电关联到儿童档案（或由工作站根据建档申请建档），再提交强制报告。"))
    child = locked(linked)
    current = _lock(call, version)
    if current.child_id != child.pk:
        raise ValidationError(_(
            "该来电关联的儿童档案刚刚变更（档案已合并或重新关联），报告未提交。您填写的内容仍保留在表单中：请核对关联的儿童后再提交。"))
    if current.mandatory_report_filed_at:
        raise ValidationError(_("该来电已提交强制报告。"))
    file_mandatory_report(
        by=by, child=child, reporter_kind=reporter_kind, situations=situations, summary=summary,
        reporter_name=reporter_name, reporter_phone=current.caller_phone,
    )
    action = current.action or HotlineCall.Action.MANDATORY_REPORT
    return _save(current, by, mandatory_report_filed_at=timezone.now(), action=action)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The local start of `month` (any day of it) and of the month after."""
    first = month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    return (timezone.make_aware(datetime.combine(first, time.min)),
            timezone.make_aware(datetime.combine(after, time.min)))


def _already_reviewed(first: date) -> ValidationError | None:
    earlier = LedgerReview.objects.select_related("reviewed_by").filter(month=first).first()
    if earlier is None:
        return None
    return ValidationError(_("%(month)s 的台账已由%(user)s于 %(at)s 审核。") % {
        "month": f"{first:%Y-%m}", "user": earlier.reviewed_by or "—",
        "at": f"{timezone.localtime(earlier.reviewed_at):%Y-%m-%d %H:%M}"})


def review_ledger_month(*, by: User, month: date, notes: str = "") -> LedgerReview:
    """The station signs off a month of the call ledger once it has ended, once (two colleagues at the same moment:
    the later one is told who did); the review keeps how many calls the month had and how many were still open."""
    if not is_station(by):
        raise PermissionDenied
    first = month.replace(day=1)
    if first >= timezone.localdate().replace(day=1):
        raise ValidationError(_("只能审核已经结束的月份。"))
    if first.year < EARLIEST_YEAR:  # no call can be in it (HotlineCall.clean): a typed-in month such as 0024-05
        raise ValidationError(_("月份不合理：不能早于 %(year)s 年。") % {"year": EARLIEST_YEAR})
    if error := _already_reviewed(first):
        raise error
    start, end = month_bounds(first)
    calls = HotlineCall.objects.filter(received_at__gte=start, received_at__lt=end)
    try:
        with transaction.atomic():
            return LedgerReview.objects.create(
                month=first, reviewed_by=by, notes=notes.strip(), calls=calls.count(),
                still_open=calls.exclude(status=HotlineCall.Status.CLOSED).count(),
            )
    except IntegrityError:
        raise _already_reviewed(first) from None


@transaction.atomic
def add_call_feedback(*, call: HotlineCall, by: User, text: str, submission_key=None) -> CallFeedback:
    """办理反馈 on a call: by the staff of the office it is referred to, the station or an operator. The operator who
    logged the call (following it up) is told, unless they wrote it. The form's `submission_key` sent again returns
    the feedback it stored, told once (zhanpu.drafts.store_once)."""
    from registry.access import offices_of
    from registry.services import notify

    from .selectors import can_give_feedback

    if not can_give_feedback(by, call):
        raise PermissionDenied
    office = call.office if call.office_id and call.office in offices_of(by) else None
    if not text.strip():
        raise ValidationError({"text": _("请填写办理情况。")})
    feedback = CallFeedback(call=call, author=by, office=office, text=text.strip(), submission_key=submission_key)

    def save():
        feedback.save()
        return feedback

    stored = store_once(CallFeedback, submission_key, save, owner={"call_id": call.pk, "author_id": by.pk},
                        fields={"text": feedback.text})
    if stored is feedback and call.operator_id != by.pk:  # a form sent again is stored and told once
        notify(recipients=[call.operator], compose=lambda: (
            _("来电有新的办理反馈"), _("来电 #%(number)s：%(who)s") % {"number": call.pk, "who": office or by}),
            url=reverse("hotline:detail", args=[call.pk]))
    return stored
