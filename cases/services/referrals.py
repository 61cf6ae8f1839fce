"""帮扶转介: a child referred to a township office, which accepts, responds, completes or returns it."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import Office, User
from registry.services import notify, office_group

from ..models import Child, Referral


def office_users(office: Office):
    """The active staff of `office` (members of its group)."""
    return office_group(office).user_set.filter(is_active=True)


def _url(referral: Referral) -> str:
    return reverse("cases:referral_detail", args=[referral.pk])


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


def _claim(referral: Referral, version: int) -> None:
    """Claim the `version` the page showed with a conditional UPDATE: of two people acting at once (two staff of the
    office answering), exactly one matches; the other is refused rather than overwriting the first's answer unseen.
    `referral` is then read as saved, for the status checks."""
    if not Referral.objects.filter(pk=referral.pk, version=version).update(version=F("version") + 1):
        raise StaleReferral()
    referral.refresh_from_db()


def _save(referral: Referral, by: User) -> Referral:
    referral._history_user = by
    referral.full_clean()
    referral.save()
    return referral


@transaction.atomic
def create_referral(
    *, by: User, child: Child, office: Office, reason: str, urgent: bool = False, due_date: date | None = None
) -> Referral:
    """Refer `child` to `office` and notify the office's staff (the e-mail carries no personal data)."""
    if child.status == Child.Status.CLOSED:
        raise ValidationError(_("已结案的个案不能转介，请先重新开案。"))
    days = settings.CASES_URGENT_REFERRAL_DUE_DAYS if urgent else settings.CASES_REFERRAL_DUE_DAYS
    referral = Referral(
        child=child, office=office, reason=reason.strip(), urgent=urgent, referred_by=by,
        due_date=due_date or timezone.localdate() + timedelta(days=days),
    )
    if referral.due_date < timezone.localdate():
        raise ValidationError({"due_date": _("办理期限不能早于今天。")})
    _save(referral, by)
    notify(
        recipients=list(office_users(office)),
        compose=lambda: (
            _("新的紧急帮扶转介") if urgent else _("新的帮扶转介"),
            _("办理期限：%(due)s。请登录平台查看并接收。") % {"due": referral.due_date.isoformat()},
        ),
        url=_url(referral),
    )
    return referral


@transaction.atomic
def accept_referral(*, by: User, referral: Referral, version: int) -> Referral:
    _claim(referral, version)
    _require_status(referral, Referral.Status.PENDING)
    referral.status = Referral.Status.ACCEPTED
    referral.handled_by = by
    referral.accepted_at = timezone.now()
    return _save(referral, by)


@transaction.atomic
def respond_to_referral(*, by: User, referral: Referral, version: int, response: str) -> Referral:
    _claim(referral, version)
    _require_status(referral, *Referral.OPEN_STATUSES)
    if not response.strip():
        raise ValidationError({"response": _("请填写回复内容。")})
    referral.response = response.strip()
    referral.handled_by = by
    return _save(referral, by)


def _tell_referrer(referral: Referral, title) -> None:
    """`title`: a lazy translation (gettext_lazy), read in each language."""
    if referral.referred_by:
        notify(recipients=[referral.referred_by], compose=lambda: (title, referral.office), url=_url(referral))


@transaction.atomic
def complete_referral(*, by: User, referral: Referral, version: int, response: str = "") -> Referral:
    """已接收 → 已办结; needs a response saying what was done."""
    _claim(referral, version)
    _require_status(referral, Referral.Status.ACCEPTED)
    response = response.strip() or referral.response
    if not response:
        raise ValidationError({"response": _("办结前请填写办理情况。")})
    referral.response = response
    referral.status = Referral.Status.DONE
    referral.handled_by = by
    referral.closed_at = timezone.now()
    _save(referral, by)
    _tell_referrer(referral, gettext_lazy("转介已办结"))
    return referral


@transaction.atomic
def return_referral(*, by: User, referral: Referral, version: int, reason: str) -> Referral:
    """Send the referral back (not this office's matter, insufficient information …); needs a reason."""
    _claim(referral, version)
    _require_status(referral, *Referral.OPEN_STATUSES)
    if not reason.strip():
        raise ValidationError({"return_reason": _("退回转介必须填写理由。")})
    referral.return_reason = reason.strip()
    referral.status = Referral.Status.RETURNED
    referral.handled_by = by
    referral.closed_at = timezone.now()
    _save(referral, by)
    _tell_referrer(referral, gettext_lazy("转介被退回"))
    return referral
