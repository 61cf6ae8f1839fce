"""Children's files (一人一档) and everything attached to them, split by domain."""

from .children import Child, ChildCategory, Guardian, RiskTier
from .risk import RiskAssessment, RiskIndicator, TierThreshold
from .work import (
    CaseNote,
    Intervention,
    MandatoryReport,
    ReassessmentReminder,
    Referral,
    ReferralReminder,
    StatusChange,
)

__all__ = [
    "CaseNote", "Child", "ChildCategory", "Guardian", "Intervention", "MandatoryReport", "ReassessmentReminder",
    "Referral", "ReferralReminder", "RiskAssessment", "RiskIndicator", "RiskTier", "StatusChange", "TierThreshold",
]
