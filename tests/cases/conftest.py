import pytest

from cases.models import RiskIndicator, TierThreshold
from registry.models import Office
from tests.e2e.conftest import browser, demo, one_request_at_a_time, open_session  # noqa: F401 - for test_browser.py


@pytest.fixture
def indicator(db):
    """make an indicator: indicator(weight, emergency=False)."""

    def make(weight: int, emergency: bool = False, text: str = "") -> RiskIndicator:
        return RiskIndicator.objects.create(
            domain=RiskIndicator.Domain.GUARDIANSHIP, text=text or f"测试指标{weight}{emergency}", weight=weight,
            is_emergency=emergency,
        )

    return make


@pytest.fixture
def thresholds(db):
    """The seeded thresholds (红 ≥10, 橙 ≥6, 黄 ≥3, 绿 ≥0) as {tier: min_score}."""
    return dict(TierThreshold.objects.values_list("tier", "min_score"))


@pytest.fixture
def police(org):
    return Office.objects.get(code="police")


@pytest.fixture
def school(org):
    return Office.objects.get(code="school")
