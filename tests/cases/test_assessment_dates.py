"""Assessment dates: none before the child was born or registered; an older assessment entered late is kept in the
file but does not change the child's current tier, last assessment or "needs reassessment" flag, nor does the latest
clear the flag of a home visit after its date that found the risk changed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child, RiskAssessment, RiskTier
from cases.services import assess_risk, file_mandatory_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field, days, message", [
    ("birth_date", 1, "评估日期不能早于儿童出生日期。"),
    ("registered_on", 1, "评估日期不能早于建档日期。"),
])
def test_form_refuses_a_date_before_birth_or_registration_and_keeps_input(
    client, director_a, child_a, indicator, field, days, message,
):
    item = indicator(3)
    before = getattr(child_a, field) - dt.timedelta(days=days)
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[child_a.pk]), {
        "assessed_on": before.isoformat(), "indicators": [item.pk], "notes": "纸质评估表补录",
    })
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert "纸质评估表补录" in body and before.isoformat() in body
    assert not RiskAssessment.objects.exists()


def test_registration_day_itself_is_accepted(station_user, child_a):
    assess_risk(by=station_user, child=child_a, indicators=[], assessed_on=child_a.registered_on)
    assert RiskAssessment.objects.filter(child=child_a, assessed_on=child_a.registered_on).exists()


@pytest.fixture
def reported(station_user, child_a, org):
    """child_a after a mandatory report today: 红, flagged for a proper assessment."""
    file_mandatory_report(by=station_user, child=child_a, reporter_kind="school", situations=["begging"],
                          summary="摘要")
    child_a.refresh_from_db()
    assert child_a.tier == RiskTier.RED and child_a.needs_reassessment
    return child_a


def test_backdated_assessment_after_a_report_keeps_the_flag_and_the_tier(client, director_a, reported, indicator):
    due = reported.next_visit_due
    older = timezone.localdate() - dt.timedelta(days=20)
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[reported.pk]), {
        "assessed_on": older.isoformat(), "indicators": [indicator(0).pk],
    })
    assert response.status_code == 302
    assert RiskAssessment.objects.filter(child=reported, assessed_on=older, tier=RiskTier.GREEN).exists()
    child = Child.objects.get(pk=reported.pk)
    assert child.needs_reassessment and child.tier == RiskTier.RED
    assert child.last_assessed_on == timezone.localdate() and child.next_visit_due == due


def test_current_assessment_after_a_report_clears_the_flag(client, director_a, reported, indicator):
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[reported.pk]), {
        "assessed_on": timezone.localdate().isoformat(), "indicators": [indicator(0).pk],
    })
    assert response.status_code == 302
    child = Child.objects.get(pk=reported.pk)
    assert not child.needs_reassessment and child.tier == RiskTier.GREEN
    assert child.last_assessed_on == timezone.localdate()


@pytest.fixture
def visit_found_risk(director_a, child_a):
    """child_a after a home visit five days ago that found the risk changed: flagged for reassessment."""
    from visits.services import record_visit  # noqa: PLC0415 - the visits app's service, used as a user would

    record_visit(by=director_a, child=child_a, visited_on=timezone.localdate() - dt.timedelta(days=5), kind="home",
                 visitors="甲", risk_changed=True)
    child_a.refresh_from_db()
    assert child_a.needs_reassessment
    return child_a


def test_assessment_dated_before_a_visit_that_found_risk_keeps_the_flag_and_says_so(
    client, director_a, visit_found_risk, indicator,
):
    older = timezone.localdate() - dt.timedelta(days=10)
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[visit_found_risk.pk]), {
        "assessed_on": older.isoformat(), "indicators": [indicator(0).pk],
    }, follow=True)
    child = Child.objects.get(pk=visit_found_risk.pk)
    assert child.last_assessed_on == older and child.needs_reassessment  # it is the latest, yet predates the visit
    assert "该儿童仍需重新评估" in response.content.decode()


@pytest.mark.parametrize("days_ago", [5, 0])  # the visit's own day, or later
def test_assessment_on_or_after_the_visit_clears_the_flag(client, director_a, visit_found_risk, indicator, days_ago):
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[visit_found_risk.pk]), {
        "assessed_on": (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat(),
        "indicators": [indicator(0).pk],
    }, follow=True)
    assert not Child.objects.get(pk=visit_found_risk.pk).needs_reassessment
    assert "该儿童仍需重新评估" not in response.content.decode()
