"""Risk assessment: indicators → score → tier (DESIGN.md §4); the latest assessment sets the tier and re-plans
the visits."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import User
from visits.services import replan_child
from zhanpu.drafts import AlreadySubmitted, store_once

from ..models import Child, RiskAssessment, RiskIndicator, RiskTier, TierThreshold
from ..reassessment import remind_if_past_due
from .children import locked

# Used only when the station has deleted every threshold row (the data migration seeds the same values).
DEFAULT_THRESHOLDS = {RiskTier.RED: 10, RiskTier.ORANGE: 6, RiskTier.YELLOW: 3, RiskTier.GREEN: 0}


def thresholds() -> list[tuple[str, int]]:
    """(tier, minimum score), highest minimum first."""
    rows = list(TierThreshold.objects.values_list("tier", "min_score")) or list(DEFAULT_THRESHOLDS.items())
    return sorted(rows, key=lambda row: -row[1])


def compute_tier(indicators) -> tuple[int, bool, str]:
    """(score, has an emergency indicator, tier) for the indicators found to apply."""
    indicators = list(indicators)
    score = sum(indicator.weight for indicator in indicators)
    emergency = any(indicator.is_emergency for indicator in indicators)
    if emergency:
        return score, True, RiskTier.RED
    for tier, minimum in thresholds():
        if score >= minimum:
            return score, False, tier
    return score, False, RiskTier.GREEN


# What setting the tier from the latest assessment changes on a child (apply_latest_assessment).
ASSESSED = ("tier", "last_assessed_on", "needs_reassessment", "next_visit_due", "urgent_visit_by")


def apply_latest_assessment(child: Child, *, needs_reassessment: bool) -> None:
    """Set the child's tier from its latest assessment and re-plan its visits (within a day if it just became 红 or
    an emergency was found since its last visit).

    Works on the child's row read again, locked (the copy passed in may be older: a visit saved since), then brings
    `child` up to date with what it saved."""
    current = locked(child)
    latest = current.assessments.order_by("-assessed_on", "-pk").first()
    was_red = current.tier == RiskTier.RED
    current.tier = latest.tier
    current.last_assessed_on = latest.assessed_on
    current.needs_reassessment = needs_reassessment
    current.save(update_fields=["tier", "last_assessed_on", "needs_reassessment"])
    # 红's response is a visit within a day: for a child just moved to 红, and for one already 红 found in an emergency
    # (an emergency indicator, a mandatory report) since its last visit
    emergency = latest.has_emergency and (current.last_visit_on is None or current.last_visit_on < latest.assessed_on)
    replan_child(current, urgent=current.tier == RiskTier.RED and (not was_red or emergency))
    remind_if_past_due(current)  # an assessment filed long after it was made
    for name in ASSESSED:
        setattr(child, name, getattr(current, name))


@transaction.atomic
def assess_risk(
    *, by: User, child: Child, indicators: list[RiskIndicator], override_tier: str = "", override_reason: str = "",
    notes: str = "", assessed_on: date | None = None, submission_key=None,
) -> RiskAssessment:
    """Record an assessment; the tier is computed unless overridden, which needs a reason. A date before the child's
    birth or registration is refused (RiskAssessment.clean).

    The child is read again, locked: the assessment is checked against, and re-plans, the file as it is now (a visit
    saved since the form was opened stays on the schedule). The form's `submission_key` sent again returns the
    assessment it recorded (zhanpu.drafts.store_once). The assessment's `child` is the file as saved."""
    child = locked(child)  # also makes a form sent twice at once wait its turn
    indicators = list(indicators)
    assessed_on = assessed_on or timezone.localdate()
    score, emergency, computed = compute_tier(indicators)
    override_reason = override_reason.strip()
    tier = override_tier or computed
    assessment = RiskAssessment(
        child=child, assessed_on=assessed_on, assessor=by, score=score, has_emergency=emergency,
        computed_tier=computed, tier=tier, override_reason=override_reason if tier != computed else "",
        notes=notes.strip(), submission_key=submission_key,
    )

    def save():
        if child.status == Child.Status.CLOSED:
            raise ValidationError(_("已结案的个案不能评估，请先重新开案。"))
        if assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": _("评估日期不能晚于今天。")})
        if tier != computed:
            if not override_reason:
                raise ValidationError({"override_reason": _("人工调整风险等级必须填写理由。")})
            if emergency and tier != RiskTier.RED:
                raise ValidationError({"override_tier": _("存在紧急指标，风险等级不能低于红色。")})
        assessment.full_clean(exclude=["submission_key"])
        assessment.save()
        assessment.indicators.set(indicators)
        return assessment

    compared = {name: getattr(assessment, name) for name in ("assessed_on", "tier", "override_reason", "notes")}
    stored = store_once(RiskAssessment, submission_key, save, owner={"assessor_id": by.pk, "child_id": child.pk},
                        fields=compared)
    if stored is not assessment:
        if set(stored.indicators.values_list("pk", flat=True)) != {indicator.pk for indicator in indicators}:
            raise AlreadySubmitted()
        return stored
    # Only the latest assessment (on the same day, the one entered last) sets the child's tier, last assessment
    # date, reassessment flag and visit plan. An older one, e.g. a paper form entered late, is kept in the history
    # and on the timeline but must not clear a flag set since (a mandatory report's "needs a proper assessment").
    # Nor does the latest clear the flag of a home visit made after its date that found the risk changed.
    if not child.assessments.filter(assessed_on__gt=assessment.assessed_on).exists():
        visit_since = child.visits.filter(risk_changed=True, visited_on__gt=assessment.assessed_on).exists()
        apply_latest_assessment(child, needs_reassessment=visit_since)
    return assessment
