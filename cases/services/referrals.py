"""帮扶转介: a child referred to a township office, which accepts, responds, completes or returns it; the station
re-routes (改派) or withdraws (撤回) a referral that is stuck. Every notification goes to people who can open the
referral, and a referral always reaches someone: an office without staff is refused, or (the mandatory-report path,
which must never fail) the station is told instead."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.access import is_station
from registry.models import Office, User
from registry.selectors import staff_of, station_users
from registry.services import notify, withdraw_links
from zhanpu.drafts import store_once

from ..models import Child, Referral
from ..selectors import referrals_visible_to
from .children import locked


def _url(referral: Referral) -> str:
    return reverse("cases:referral_detail", args=[referral.pk])


def _may_open(user: User | None, referral: Referral) -> bool:
    """Whether `user` may open the referral's page (a hotline operator who filed a mandatory report may not)."""
    return user is not None and referrals_visible_to(user).filter(pk=referral.pk).exists()


def _staff_or_refuse(office: Office) -> list[User]:
    staff = list(staff_of([office.pk]))
    if not staff:
        raise ValidationError({"office": _("该部门暂无账号，转介无人接收。请先为该部门开通账号，或选择其他部门。")})
    return staff


def _due_date(urgent: bool) -> date:
    days = settings.CASES_URGENT_REFERRAL_DUE_DAYS if urgent else settings.CASES_REFERRAL_DUE_DAYS
    return timezone.localdate() + timedelta(days=days)


def _require_status(referral: Referral, *allowed: str) -> None:
    if referral.status not in allowed:
        raise ValidationError(
            _("该转介当前状态为“%(status)s”，不能进行此操作。") % {"status": referral.get_status_display()}
        )


class StaleReferral(ValidationError):
    """Someone acted on the referral since its page was opened."""

    def __init__(self):
        super().__init__(_("该转介在您打开页面后已被他人处理。您填写的内容仍保留在表单中：请刷新页面查看最新情况后再提交。"),
                         code="stale")


def _claim(referral: Referral, version: int, *, by: User, **change) -> bool:
    """Claim the `version` the page showed with a conditional UPDATE: of two people acting at once (two staff of the
    office answering), exactly one matches; the other is refused rather than overwriting the first's answer unseen.
    `referral` is then read as saved, for the status checks.

    `change`: the values the action writes (its status, its text). False, nothing claimed, when the action was saved
    already: the same form sent again (a double tap, its answer lost), answered as saved instead of as someone
    else's (_saved_just_so)."""
    if Referral.objects.filter(pk=referral.pk, version=version).update(version=F("version") + 1):
        referral.refresh_from_db()
        return True
    referral.refresh_from_db()
    if _saved_just_so(referral, version, by=by, change=change):
        return False
    raise StaleReferral()


def _saved_just_so(referral: Referral, version: int, *, by: User, change: dict) -> bool:
    """Whether the one action claimed since `version` is `by`'s and left exactly `change`: the version moved on by
    one, the history's last row (who saved last) is `by`'s, and the referral holds the values the action writes."""
    if referral.version != version + 1:
        return False
    last = referral.history.order_by("-history_date", "-history_id").only("history_user_id").first()
    return (
        last is not None and last.history_user_id == by.pk
        and all(getattr(referral, name) == value for name, value in change.items())
    )


def _save(referral: Referral, by: User) -> Referral:
    referral._history_user = by
    referral.full_clean(exclude=["submission_key"])  # its uniqueness is the database's (zhanpu.drafts.store_once)
    referral.save()
    return referral


@transaction.atomic
def create_referral(
    *, by: User, child: Child, office: Office, reason: str, urgent: bool = False, due_date: date | None = None,
    require_staff: bool = False, submission_key=None,
) -> Referral:
    """Refer `child` to `office` and notify the office's staff (the e-mail carries no personal data).

    An office without active staff: refused when `require_staff` (the referral form); otherwise (the automatic
    referral of a mandatory report, which must not fail) the referral is made and the station told instead.
    The case's status is checked as it is now (locked). The form's `submission_key` sent again returns the referral it
    made (zhanpu.drafts.store_once), the office told once.
    """
    child = locked(child)  # also makes a form sent twice at once wait its turn
    referral = Referral(
        child=child, office=office, reason=reason.strip(), urgent=urgent, referred_by=by,
        due_date=due_date or _due_date(urgent), submission_key=submission_key,
    )

    def save():
        if child.status == Child.Status.CLOSED:
            raise ValidationError(_("已结案的个案不能转介，请先重新开案。"))
        staff = _staff_or_refuse(office) if require_staff else list(staff_of([office.pk]))
        if referral.due_date < timezone.localdate():
            raise ValidationError({"due_date": _("办理期限不能早于今天。")})
        _save(referral, by)
        if staff:
            _tell_office(staff, referral)
        else:
            notify(
                recipients=list(station_users()),
                compose=lambda: (
                    _("帮扶转介无人接收"),
                    _("%(office)s暂无账号，转介 %(no)s 无人接收（办理期限：%(due)s）。请联系该部门或改派。") % {
                        "office": office, "no": referral.pk, "due": referral.due_date.isoformat()},
                ),
                url=_url(referral),
            )
        return referral

    # The due date left blank is the default one of the day it was sent: not compared.
    compared = {"office_id": office.pk, "reason": referral.reason, "urgent": urgent,
                **({"due_date": due_date} if due_date else {})}
    return store_once(Referral, submission_key, save, owner={"referred_by_id": by.pk, "child_id": child.pk},
                      fields=compared)


def _tell_office(staff: list[User], referral: Referral) -> None:
    notify(
        recipients=staff,
        compose=lambda: (
            _("新的紧急帮扶转介") if referral.urgent else _("新的帮扶转介"),
            _("办理期限：%(due)s。请登录平台查看并接收。") % {"due": referral.due_date.isoformat()},
        ),
        url=_url(referral),
    )


@transaction.atomic
def accept_referral(*, by: User, referral: Referral, version: int) -> Referral:
    if not _claim(referral, version, by=by, status=Referral.Status.ACCEPTED, handled_by_id=by.pk):
        return referral
    _require_status(referral, Referral.Status.PENDING)
    referral.status = Referral.Status.ACCEPTED
    referral.handled_by = by
    referral.accepted_at = timezone.now()
    return _save(referral, by)


@transaction.atomic
def respond_to_referral(*, by: User, referral: Referral, version: int, response: str) -> Referral:
    if not _claim(referral, version, by=by, response=response.strip(), handled_by_id=by.pk, is_open=True):
        return referral
    _require_status(referral, *Referral.OPEN_STATUSES)
    if not response.strip():
        raise ValidationError({"response": _("请填写回复内容。")})
    referral.response = response.strip()
    referral.handled_by = by
    return _save(referral, by)


def _tell(recipients, referral: Referral, title) -> None:
    """`title`: a lazy translation (gettext_lazy), read in each language. Recipients may all open the referral."""
    notify(recipients=list(dict.fromkeys(recipients)), compose=lambda: (title, referral.office), url=_url(referral))


def _referrer_if_may_open(referral: Referral) -> list[User]:
    return [referral.referred_by] if _may_open(referral.referred_by, referral) else []


@transaction.atomic
def complete_referral(*, by: User, referral: Referral, version: int, response: str = "") -> Referral:
    """已接收 → 已办结; needs a response saying what was done."""
    written = {"response": response.strip()} if response.strip() else {}  # left blank: the earlier answer stays
    if not _claim(referral, version, by=by, status=Referral.Status.DONE, handled_by_id=by.pk, **written):
        return referral
    _require_status(referral, Referral.Status.ACCEPTED)
    response = response.strip() or referral.response
    if not response:
        raise ValidationError({"response": _("办结前请填写办理情况。")})
    referral.response = response
    referral.status = Referral.Status.DONE
    referral.handled_by = by
    referral.closed_at = timezone.now()
    _save(referral, by)
    # the referrer, or the station when the referrer cannot open the referral (a hotline operator, an old account)
    _tell(_referrer_if_may_open(referral) or station_users(), referral, gettext_lazy("转介已办结"))
    return referral


@transaction.atomic
def return_referral(*, by: User, referral: Referral, version: int, reason: str) -> Referral:
    """Send the referral back (not this office's matter, insufficient information …); needs a reason."""
    if not _claim(referral, version, by=by, status=Referral.Status.RETURNED, return_reason=reason.strip(),
                  handled_by_id=by.pk):
        return referral
    _require_status(referral, *Referral.OPEN_STATUSES)
    if not reason.strip():
        raise ValidationError({"return_reason": _("退回转介必须填写理由。")})
    referral.return_reason = reason.strip()
    referral.status = Referral.Status.RETURNED
    referral.handled_by = by
    referral.closed_at = timezone.now()
    _save(referral, by)
    # the station always (it re-routes or withdraws; reminders skip returned referrals), and the referrer if they may
    _tell([*station_users(), *_referrer_if_may_open(referral)], referral, gettext_lazy("转介被退回"))
    return referral


def _require_station(by: User) -> None:
    if not is_station(by):
        raise PermissionDenied


def _station_reason(reason: str, message: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": message})
    return reason.strip()


@transaction.atomic
def reroute_referral(*, by: User, referral: Referral, version: int, office: Office, reason: str) -> Referral:
    """改派: the station sends a pending or returned referral to another office, which gets it as 待接收 with a fresh
    due date. The earlier office, answer and return stay in the history only."""
    _require_station(by)
    if not _claim(referral, version, by=by, status=Referral.Status.PENDING, office_id=office.pk,
                  reroute_reason=reason.strip()):
        return referral
    _require_status(referral, Referral.Status.PENDING, Referral.Status.RETURNED)
    reason = _station_reason(reason, _("改派转介必须填写理由。"))
    if office.pk == referral.office_id:
        raise ValidationError({"office": _("请选择另一个部门。")})
    staff = _staff_or_refuse(office)
    previous = referral.office
    referral.office, referral.status, referral.reroute_reason = office, Referral.Status.PENDING, reason
    referral.response = referral.return_reason = ""
    referral.handled_by = referral.accepted_at = referral.closed_at = None
    referral.due_date = max(referral.due_date, _due_date(referral.urgent))
    _save(referral, by)
    _tell_office(staff, referral)
    _tell_rerouted_away(previous, referral)
    return referral


def _tell_rerouted_away(previous: Office, referral: Referral) -> None:
    """The office `referral` was re-routed away from (pending there, or returned by it) is told, without a link: its
    staff can no longer open the referral, so what they were sent about it loses its link too (kept by whoever may
    still open it: staff of the new office as well, a director of the child's village)."""
    staff = list(staff_of([previous.pk]))
    withdraw_links(recipients=[user for user in staff if not _may_open(user, referral)], url=_url(referral))
    notify(
        recipients=staff,
        compose=lambda: (_("转介已改派"), _("转介 %(no)s 已由工作站改派至%(office)s，本部门无需再办理。") % {
            "no": referral.pk, "office": referral.office}),
    )


@transaction.atomic
def withdraw_referral(*, by: User, referral: Referral, version: int, reason: str) -> Referral:
    """撤回: the station withdraws a pending or returned referral (已撤回, final)."""
    _require_station(by)
    if not _claim(referral, version, by=by, status=Referral.Status.WITHDRAWN, withdraw_reason=reason.strip()):
        return referral
    _require_status(referral, Referral.Status.PENDING, Referral.Status.RETURNED)
    reason = _station_reason(reason, _("撤回转介必须填写理由。"))
    was_pending = referral.status == Referral.Status.PENDING
    referral.status, referral.withdraw_reason, referral.closed_at = Referral.Status.WITHDRAWN, reason, timezone.now()
    _save(referral, by)
    if was_pending:  # the office still sees its referrals, withdrawn ones too
        notify(
            recipients=list(staff_of([referral.office_id])),
            compose=lambda: (
                _("转介已撤回"), _("转介 %(no)s 已由工作站撤回，本部门无需再办理。") % {"no": referral.pk}),
            url=_url(referral),
        )
    if referral.referred_by != by:
        _tell(_referrer_if_may_open(referral), referral, gettext_lazy("转介已撤回"))
    return referral
