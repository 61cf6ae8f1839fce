"""Case status (closure with the station's approval, reopening), interventions and notes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.access import is_station
from registry.models import User
from registry.roles import Role
from registry.services import notify, role_group
from visits.services import replan_child

from ..models import CaseNote, Child, Intervention, StatusChange
from .children import locked


def merged_message(child: Child) -> str:
    """Why nothing more is recorded on a file merged into another: the file to record it on."""
    return _("本档案是重复建档，已合并至档案 %(number)s：请在该档案中查看和登记。") % {"number": child.merged_into_id}


def station_users():
    return role_group(Role.STATION).user_set.filter(is_active=True)


def _reason(reason: str, message: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": message})
    return reason.strip()


def _set_status(child: Child, status: str, *, by: User, kind: str, reason: str = "") -> StatusChange:
    """`child`: the row locked and checked by the caller (children.locked)."""
    child.status = status
    child._history_user = by
    child.save(update_fields=["status"])
    replan_child(child)
    return StatusChange.objects.create(child=child, kind=kind, reason=reason, by=by)


@transaction.atomic
def request_closure(*, by: User, child: Child, reason: str) -> StatusChange:
    """Ask the station to close the case; the case waits in 待审批结案 until decided. The status is checked on the
    case as it is now (locked): a request sent twice is recorded once, the second refused."""
    child = locked(child)
    if child.status != Child.Status.OPEN:
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


def _decide(by: User, child: Child) -> Child | None:
    """The case, locked, if it still waits for the station's decision; None if it no longer does: a mandatory report
    reopened it, or a colleague decided, since the page was opened."""
    if not is_station(by):
        raise PermissionDenied
    child = locked(child)
    return child if child.status == Child.Status.CLOSING else None


def _tell_requester(child: Child, title) -> None:
    """The one who asked to close the case learns the station's decision (`title`: a lazy translation)."""
    request = child.status_changes.filter(kind=StatusChange.Kind.REQUEST_CLOSE).select_related("by").first()
    if request and request.by:
        notify(recipients=[request.by], compose=lambda: (title, _("档案 %(number)s") % {"number": child.pk}),
               url=reverse("cases:child_detail", args=[child.pk]))


@transaction.atomic
def approve_closure(*, by: User, child: Child, reason: str = "") -> StatusChange | None:
    """Close the case asked to be closed. Decided on the case as it is now (locked): a case that no longer waits for
    the decision (reopened by a mandatory report while the station read the request) is left as it is, and None
    returned (NOTHING_TO_DECIDE, for the page to say)."""
    child = _decide(by, child)
    if child is None:
        return None
    change = _set_status(child, Child.Status.CLOSED, by=by, kind=StatusChange.Kind.APPROVE_CLOSE,
                         reason=reason.strip())
    _tell_requester(child, gettext_lazy("结案申请已批准"))
    return change


@transaction.atomic
def reject_closure(*, by: User, child: Child, reason: str) -> StatusChange | None:
    """Keep the case open; needs a reason. As approve_closure, None for a case that no longer waits for a decision."""
    child = _decide(by, child)
    if child is None:
        return None
    reason = _reason(reason, _("驳回结案申请必须填写理由。"))
    change = _set_status(child, Child.Status.OPEN, by=by, kind=StatusChange.Kind.REJECT_CLOSE, reason=reason)
    _tell_requester(child, gettext_lazy("结案申请被驳回，请继续跟进"))
    return change


@transaction.atomic
def reopen_case(*, by: User, child: Child, reason: str) -> StatusChange:
    child = locked(child)
    if child.status != Child.Status.CLOSED:
        raise ValidationError(_("只有已结案的个案可以重新开案。"))
    if child.merged_into_id:
        raise ValidationError(
            _("该档案已合并至档案 %(number)s：请在该档案中继续工作。") % {"number": child.merged_into_id}
        )
    reason = _reason(reason, _("重新开案必须填写理由。"))
    return _set_status(child, Child.Status.OPEN, by=by, kind=StatusChange.Kind.REOPEN, reason=reason)


@transaction.atomic
def add_intervention(*, by: User, child: Child, **fields) -> Intervention:
    child = locked(child)
    if child.status == Child.Status.CLOSED:
        raise ValidationError(_("已结案的个案不能登记干预措施，请先重新开案。"))
    intervention = Intervention(child=child, recorded_by=by, **fields)
    intervention.full_clean()
    if intervention.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("日期不能晚于今天。")})
    intervention.save()
    return intervention


@transaction.atomic
def add_note(*, by: User, child: Child, text: str) -> CaseNote:
    """A note on the child's file; refused for a file merged into another (the note would be lost with it: the kept
    file is the one worked on), checked on the file as it is now (locked)."""
    child = locked(child)
    if child.merged_into_id:
        raise ValidationError(merged_message(child))
    note = CaseNote(child=child, author=by, text=text.strip())
    note.full_clean()
    note.save()
    return note
