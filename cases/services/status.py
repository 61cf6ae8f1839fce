"""Case status (closure with the station's approval, reopening), interventions and notes."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.access import is_station
from registry.models import User
from registry.outbox import notify_or_station
from registry.selectors import directors_of, staff_of, station_users
from registry.services import notify
from visits.services import replan_child
from zhanpu.drafts import store_once

from ..models import CaseNote, Child, Intervention, Referral, StatusChange
from ..reassessment import remind_if_past_due
from .children import locked
from .referrals import withdraw_referral


def merged_message(child: Child) -> str:
    """Why nothing more is recorded on a file merged into another: the file to record it on."""
    return _("本档案是重复建档，已合并至档案 %(number)s：请在该档案中查看和登记。") % {"number": child.merged_into_id}


def _reason(reason: str, message: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": message})
    return reason.strip()


# How long after a status change the same action by the same user, with the same reason, is taken as that change sent
# again (a double tap, a phone resending after its answer was lost) rather than as a new action (_resent).
RESENT_WITHIN = timedelta(minutes=10)


def _resent(child: Child, *, by: User, kind: str, reason: str, status: str) -> StatusChange | None:
    """The status change `by` made a moment ago with this action and reason, when the case (locked) is still where it
    left it (`status`): the same action sent again is answered as the first was, not refused as if it had failed.
    None otherwise: the caller refuses as it would have."""
    if child.status != status:
        return None
    latest = child.status_changes.order_by("-at", "-pk").first()
    if (latest and latest.kind == kind and latest.by_id == by.pk and latest.reason == reason.strip()
            and latest.at >= timezone.now() - RESENT_WITHIN):
        return latest
    return None


def _set_status(child: Child, status: str, *, by: User, kind: str, reason: str = "") -> StatusChange:
    """`child`: the row locked and checked by the caller (children.locked)."""
    child.status = status
    child._history_user = by
    child.save(update_fields=["status"])
    replan_child(child)
    remind_if_past_due(child)  # a case reopened long after its last assessment
    return StatusChange.objects.create(child=child, kind=kind, reason=reason, by=by)


@transaction.atomic
def request_closure(*, by: User, child: Child, reason: str) -> StatusChange:
    """Ask the station to close the case; the case waits in 待审批结案 until decided. The status is checked on the
    case as it is now (locked): a request sent twice is recorded once, the second answered with the first (_resent);
    a request for a case no longer open is otherwise refused."""
    child = locked(child)
    if child.status != Child.Status.OPEN:
        if earlier := _resent(child, by=by, kind=StatusChange.Kind.REQUEST_CLOSE, reason=reason,
                              status=Child.Status.CLOSING):
            return earlier
        raise ValidationError(_("只有在册跟进的个案可以申请结案。"))
    reason = _reason(reason, _("申请结案必须填写理由。"))
    change = _set_status(child, Child.Status.CLOSING, by=by, kind=StatusChange.Kind.REQUEST_CLOSE, reason=reason)
    notify(
        recipients=list(station_users()), compose=lambda: (_("结案申请待审批"), child.village),
        url=reverse("cases:child_detail", args=[child.pk]),
    )
    return change


# A closure decision sent for a case that no longer waits for one (approve_closure, reject_closure).
NOTHING_TO_DECIDE = gettext_lazy("该个案没有待审批的结案申请。")


def _decide(by: User, child: Child) -> Child:
    """The case, locked, for the station to decide on (the caller checks it still waits for the decision)."""
    if not is_station(by):
        raise PermissionDenied
    return locked(child)


def _tell_requester(child: Child, title) -> None:
    """The one who asked to close the case learns the station's decision (`title`: a lazy translation)."""
    request = child.status_changes.filter(kind=StatusChange.Kind.REQUEST_CLOSE).select_related("by").first()
    if request and request.by:
        notify(recipients=[request.by], compose=lambda: (title, _("档案 %(number)s") % {"number": child.pk}),
               url=reverse("cases:child_detail", args=[child.pk]))


@transaction.atomic
def approve_closure(*, by: User, child: Child, reason: str = "") -> StatusChange | None:
    """Close the case asked to be closed. Decided on the case as it is now (locked): a case that no longer waits for
    the decision (reopened by a mandatory report while the station read the request, a colleague decided) is left as
    it is, and None returned (NOTHING_TO_DECIDE, for the page to say); the approval `by` just made, sent again,
    returns that approval (_resent)."""
    child = _decide(by, child)
    if child.status != Child.Status.CLOSING:
        return _resent(child, by=by, kind=StatusChange.Kind.APPROVE_CLOSE, reason=reason, status=Child.Status.CLOSED)
    change = _set_status(child, Child.Status.CLOSED, by=by, kind=StatusChange.Kind.APPROVE_CLOSE,
                         reason=reason.strip())
    _tell_requester(child, gettext_lazy("结案申请已批准"))
    _settle_referrals(child, by=by)
    return change


def _settle_referrals(child: Child, *, by: User) -> None:
    """The referrals of a case just closed: one not yet taken on (待接收, or returned to the station) is withdrawn, its
    office told (withdraw_referral); one an office has taken on (已接收) stays with it to finish, the office told the
    case is closed. Neither is reminded of any more (cases.reminders)."""
    for referral in child.referrals.filter(status__in=[Referral.Status.PENDING, Referral.Status.RETURNED]):
        withdraw_referral(by=by, referral=referral, version=referral.version, reason=_("个案已结案，转介随之撤回。"))
    for referral in child.referrals.filter(status=Referral.Status.ACCEPTED):
        notify(recipients=list(staff_of([referral.office_id])),
               url=reverse("cases:referral_detail", args=[referral.pk]), compose=lambda referral=referral: (
                   _("转介所涉个案已结案"),
                   _("转介 %(no)s 所涉个案已结案：办理完毕后请在平台上办结。") % {"no": referral.pk}))


@transaction.atomic
def reject_closure(*, by: User, child: Child, reason: str) -> StatusChange | None:
    """Keep the case open; needs a reason. As approve_closure, None for a case that no longer waits for a decision."""
    child = _decide(by, child)
    if child.status != Child.Status.CLOSING:
        return _resent(child, by=by, kind=StatusChange.Kind.REJECT_CLOSE, reason=reason, status=Child.Status.OPEN)
    reason = _reason(reason, _("驳回结案申请必须填写理由。"))
    change = _set_status(child, Child.Status.OPEN, by=by, kind=StatusChange.Kind.REJECT_CLOSE, reason=reason)
    _tell_requester(child, gettext_lazy("结案申请被驳回，请继续跟进"))
    return change


@transaction.atomic
def reopen_case(*, by: User, child: Child, reason: str) -> StatusChange:
    """Reopen a closed case; needs a reason. The reopening `by` just made, sent again, returns it (_resent)."""
    child = locked(child)
    if child.status != Child.Status.CLOSED:
        if earlier := _resent(child, by=by, kind=StatusChange.Kind.REOPEN, reason=reason, status=Child.Status.OPEN):
            return earlier
        raise ValidationError(_("只有已结案的个案可以重新开案。"))
    if child.merged_into_id:
        raise ValidationError(
            _("该档案已合并至档案 %(number)s：请在该档案中继续工作。") % {"number": child.merged_into_id}
        )
    reason = _reason(reason, _("重新开案必须填写理由。"))
    change = reopen(child, by=by, reason=reason)
    remind_if_past_due(child)  # a case reopened long after its last assessment
    return change


def reopen(child: Child, *, by: User, reason: str) -> StatusChange:
    """Reopen the closed `child` (the row locked by the caller). Its visits start again as for a new file, the first
    due within a day (Child.reopened_on), not from a date while the case was closed; the village's child directors
    are told, or the station when the village has none."""
    child.status = Child.Status.OPEN
    child.reopened_on = timezone.localdate()
    child._history_user = by
    child.save(update_fields=["status", "reopened_on"])
    replan_child(child)
    notify_or_station(
        recipients=directors_of([child.village_id]), by=by, url=reverse("cases:child_detail", args=[child.pk]),
        compose=lambda: (_("个案已重新开案：%(village)s") % {"village": child.village.name},
                         _("档案 %(number)s 已重新开案，请于 %(due)s 前入户家访。") % {
                             "number": child.pk, "due": child.next_visit_due.isoformat()}))
    return StatusChange.objects.create(child=child, kind=StatusChange.Kind.REOPEN, reason=reason, by=by)


@transaction.atomic
def add_intervention(*, by: User, child: Child, submission_key=None, **fields) -> Intervention:
    """Record an intervention on the child's file, checked on the file as it is now (locked). The form's
    `submission_key` sent again returns the intervention it recorded (zhanpu.drafts.store_once)."""
    child = locked(child)  # also makes a form sent twice at once wait its turn
    intervention = Intervention(child=child, recorded_by=by, **fields)
    compared = {name: getattr(intervention, name) for name in ("kind", "done_on", "done_by", "notes")}
    intervention.submission_key = submission_key

    def save():
        if child.status == Child.Status.CLOSED:
            raise ValidationError(_("已结案的个案不能登记干预措施，请先重新开案。"))
        intervention.full_clean(exclude=["submission_key"])
        if intervention.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("日期不能晚于今天。")})
        intervention.save()
        return intervention

    return store_once(Intervention, submission_key, save, owner={"recorded_by_id": by.pk, "child_id": child.pk},
                      fields=compared)


@transaction.atomic
def add_note(*, by: User, child: Child, text: str, submission_key=None) -> CaseNote:
    """A note on the child's file; refused for a file merged into another (the note would be lost with it: the kept
    file is the one worked on), checked on the file as it is now (locked). The form's `submission_key` sent again
    returns the note it recorded (zhanpu.drafts.store_once)."""
    child = locked(child)
    if child.merged_into_id:
        raise ValidationError(merged_message(child))
    text = text.strip()
    note = CaseNote(child=child, author=by, text=text, submission_key=submission_key)

    def save():
        note.full_clean(exclude=["submission_key"])
        note.save()
        return note

    return store_once(CaseNote, submission_key, save, owner={"author_id": by.pk, "child_id": child.pk},
                      fields={"text": text})
