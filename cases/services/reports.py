"""强制报告: a mandatory report puts the child at 红 and sends an urgent referral to the police station."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from registry.models import Office, User
from registry.selectors import station_users
from registry.services import notify
from zhanpu.drafts import store_once

from ..models import Child, MandatoryReport, RiskAssessment, RiskTier, StatusChange
from .children import locked
from .referrals import create_referral
from .risk import apply_latest_assessment
from .status import reopen


@transaction.atomic
def file_mandatory_report(
    *, by: User, child: Child, reporter_kind: str, situations: list[str], summary: str, reporter_name: str = "",
    reporter_phone: str = "", submission_key=None,
) -> MandatoryReport:
    """Record the report on the child's file (reopening a closed case), set the tier to 红, refer to 派出所.

    The caller decides whether `by` may report on this child (the hotline may, without seeing the file). The child is
    read again, locked: the report reopens the case as it is now (a closure approved meanwhile is seen), and a closure
    decided after it sees the case reopened. The form's `submission_key` sent again returns the report it filed
    (zhanpu.drafts.store_once): one report, one urgent referral to the police.
    """
    child = locked(child)  # also makes a form sent twice at once wait its turn
    if child.merged_into_id:
        raise ValidationError(
            _("该档案已合并至档案 %(number)s：请在该档案中提交强制报告。") % {"number": child.merged_into_id})
    situations = list(dict.fromkeys(situations))
    report = MandatoryReport(
        child=child, reporter_kind=reporter_kind, situations=situations, summary=summary.strip(),
        reporter_name=reporter_name.strip(), reporter_phone=reporter_phone.strip().replace(" ", ""), recorded_by=by,
        submission_key=submission_key,
    )

    def save():
        if not situations:
            raise ValidationError({"situations": _("请至少选择一种报告情形。")})
        if set(situations) - set(MandatoryReport.Situation.values):
            raise ValidationError({"situations": _("报告情形无效。")})
        report.full_clean(exclude=["submission_key"])
        _file(report, by=by, child=child)
        return report

    compared = {name: getattr(report, name) for name in (
        "reporter_kind", "situations", "summary", "reporter_name", "reporter_phone")}
    return store_once(MandatoryReport, submission_key, save, owner={"recorded_by_id": by.pk, "child_id": child.pk},
                      fields=compared)


def _file(report: MandatoryReport, *, by: User, child: Child) -> None:
    """Store the checked `report` on the locked `child`: reopen, refer to the police, 红, tell the station."""
    if child.status == Child.Status.CLOSED:
        reopen(child, by=by, reason=_("收到强制报告，自动重新开案。"))
    elif child.status != Child.Status.OPEN:  # a closure asked for: the report takes the case back to 在册跟进
        child.status = Child.Status.OPEN
        child.save(update_fields=["status"])
        StatusChange.objects.create(
            child=child, kind=StatusChange.Kind.REOPEN, reason=_("收到强制报告，自动重新开案。"), by=by
        )
    labels = "；".join(report.situation_labels())
    report.referral = create_referral(
        by=by, child=child, office=Office.objects.get(code=Office.POLICE), urgent=True,
        reason=_("强制报告：%(situations)s") % {"situations": labels},
    )
    report.save()
    RiskAssessment.objects.create(
        child=child, assessor=by, source=RiskAssessment.Source.MANDATORY_REPORT, tier=RiskTier.RED,
        has_emergency=True, override_reason=_("强制报告：%(situations)s") % {"situations": labels},
    )
    # A report is not a full assessment: the child stays flagged until someone assesses it properly.
    apply_latest_assessment(child, needs_reassessment=True)
    notify(
        recipients=list(station_users()), compose=lambda: (_("收到强制报告"), child.village),
        url=reverse("cases:child_detail", args=[child.pk]),
    )
