"""Risk assessment: indicators → score → tier (DESIGN.md §4); the latest assessment sets the tier and re-plans
the visits."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import User
from visits.services import replan_child

from ..models import Child, RiskAssessment, RiskIndicator, RiskTier, TierThreshold

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


def apply_latest_assessment(child: Child, *, needs_reassessment: bool) -> None:
    """Set the child's tier from its latest assessment and re-plan its visits (sooner if it just became 红)."""
    latest = child.assessments.order_by("-assessed_on", "-pk").first()
    was_red = child.tier == RiskTier.RED
    child.tier = latest.tier
    child.last_assessed_on = latest.assessed_on
    child.needs_reassessment = needs_reassessment
    child.save(update_fields=["tier", "last_assessed_on", "needs_reassessment"])
    replan_child(child, moved_to_red=child.tier == RiskTier.RED and not was_red)


@transaction.atomic
def assess_risk(
    *, by: User, child: Child, indicators: list[RiskIndicator], override_tier: str = "", override_reason: str = "",
    notes: str = "", assessed_on: date | None = None,
) -> RiskAssessment:
    """Record an assessment; the tier is computed unless overridden, which needs a reason. A date before the child's
    birth or registration is refused (RiskAssessment.clean)."""
    if child.status == Child.Status.CLOSED:
        raise ValidationError(_("已结案的个案不能评估，请先重新开案。"))
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("评估日期不能晚于今天。")})
    score, emergency, computed = compute_tier(indicators)
    tier = computed
    override_reason = override_reason.strip()
    if override_tier and override_tier != computed:
        if not override_reason:
            raise ValidationError({"override_reason": _("人工调整风险等级必须填写理由。")})
        if emergency and override_tier != RiskTier.RED:
            raise ValidationError({"override_tier": _("存在紧急指标，风险等级不能低于红色。")})
        tier = override_tier
    assessment = RiskAssessment(
        child=child, assessed_on=assessed_on, assessor=by, score=score, has_emergency=emergency,
        computed_tier=computed, tier=tier, override_reason=override_reason if tier != computed else "",
        notes=notes.strip(),
    )
    assessment.full_clean()
    assessment.save()
    assessment.indicators.set(indicators)
    # Only the latest assessment (on the same day, the one entered last) sets the child's tier, last assessment
    # date, reassessment flag and visit plan. An older one, e.g. a paper form entered late, is kept in the history
    # and on the timeline but must not clear a flag set since (a mandatory report's "needs a proper assessment").
    # Nor does the latest clear the flag of a home visit made after its date that found the risk changed.
    if not child.assessments.filter(assessed_on__gt=assessment.assessed_on).exists():
        visit_since = child.visits.filter(risk_changed=True, visited_on__gt=assessment.assessed_on).exists()
        apply_latest_assessment(child, needs_reassessment=visit_since)
    return assessment
