"""Children's files (一人一档) and everything attached to them, split by domain."""

from .children import Child, ChildCategory, Guardian, RiskTier
from .risk import RiskAssessment, RiskIndicator, TierThreshold
from .work import CaseNote, Intervention, MandatoryReport, Referral, ReferralReminder, StatusChange

__all__ = [
    "CaseNote", "Child", "ChildCategory", "Guardian", "Intervention", "MandatoryReport", "Referral", "ReferralReminder",
    "RiskAssessment", "RiskIndicator", "RiskTier", "StatusChange", "TierThreshold",
]
