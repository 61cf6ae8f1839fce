"""Risk assessment: score → tier by the station's thresholds, emergency → 红, overrides need a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Child, RiskAssessment, RiskTier, TierThreshold
from cases.selectors import children_visible_to, reassessment_overdue_q
from cases.services import assess_risk, compute_tier
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score, tier", [
    (0, RiskTier.GREEN), (2, RiskTier.GREEN), (3, RiskTier.YELLOW), (5, RiskTier.YELLOW),
    (6, RiskTier.ORANGE), (9, RiskTier.ORANGE), (10, RiskTier.RED), (15, RiskTier.RED),
])
def test_each_threshold_gives_its_tier(indicator, thresholds, score, tier):
    assert thresholds == {"red": 10, "orange": 6, "yellow": 3, "green": 0}
    found = [indicator(score)] if score else []
    assert compute_tier(found) == (score, False, tier)


def test_any_emergency_indicator_gives_red_whatever_the_score(indicator):
    assert compute_tier([indicator(0, emergency=True)]) == (0, True, RiskTier.RED)


def test_thresholds_are_data_the_station_edits(indicator):
    TierThreshold.objects.filter(tier=RiskTier.YELLOW).update(min_score=5)
    assert compute_tier([indicator(4)])[2] == RiskTier.GREEN


def test_seeded_indicators_include_the_emergency_ones():
    from cases.models import RiskIndicator

    texts = " ".join(RiskIndicator.objects.filter(is_emergency=True).values_list("text", flat=True))
    for word in ("暴力", "遗弃", "走失", "拐卖", "独自居住"):
        assert word in texts
    assert set(RiskIndicator.objects.values_list("domain", flat=True)) == set(RiskIndicator.Domain.values)


def test_assessment_sets_tier_and_replans_visit_sooner_when_red(station_user, child_a, indicator):
    child_a.last_visit_on = timezone.localdate() - dt.timedelta(days=3)
    child_a.tier = RiskTier.GREEN
    child_a.needs_reassessment = True
    child_a.save()
    assess_risk(by=station_user, child=child_a, indicators=[indicator(10)])
    child_a.refresh_from_db()
    assert child_a.tier == RiskTier.RED and child_a.last_assessed_on == timezone.localdate()
    assert not child_a.needs_reassessment
    assert child_a.next_visit_due == timezone.localdate() + dt.timedelta(days=1)


def test_override_without_reason_is_refused(station_user, child_a, indicator):
    with pytest.raises(ValidationError) as error:
        assess_risk(by=station_user, child=child_a, indicators=[indicator(3)], override_tier=RiskTier.ORANGE)
    assert "override_reason" in error.value.message_dict
    assert not RiskAssessment.objects.exists()


def test_override_with_reason_is_recorded(station_user, child_a, indicator):
    assessment = assess_risk(by=station_user, child=child_a, indicators=[indicator(3)],
                             override_tier=RiskTier.ORANGE, override_reason="监护人近期失联")
    assert (assessment.computed_tier, assessment.tier, assessment.is_override) == ("yellow", "orange", True)
    assert Child.objects.get(pk=child_a.pk).tier == RiskTier.ORANGE


def test_emergency_cannot_be_overridden_below_red(station_user, child_a, indicator):
    with pytest.raises(ValidationError) as error:
        assess_risk(by=station_user, child=child_a, indicators=[indicator(1, emergency=True)],
                    override_tier=RiskTier.GREEN, override_reason="误报")
    assert "override_tier" in error.value.message_dict


def test_current_tier_is_the_latest_assessments(station_user, child_a, indicator):
    today = timezone.localdate()
    assess_risk(by=station_user, child=child_a, indicators=[indicator(6)], assessed_on=today)
    assess_risk(by=station_user, child=child_a, indicators=[], assessed_on=today - dt.timedelta(days=10))
    child_a.refresh_from_db()
    assert child_a.tier == RiskTier.ORANGE and child_a.last_assessed_on == today


def test_closed_case_cannot_be_assessed(station_user, child_a):
    child_a.status = Child.Status.CLOSED
    child_a.save()
    with pytest.raises(ValidationError):
        assess_risk(by=station_user, child=child_a, indicators=[])


def test_assessment_form_refuses_override_without_reason_and_keeps_input(client, director_a, child_a, indicator):
    item = indicator(3)
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[child_a.pk]), {
        "assessed_on": timezone.localdate().isoformat(), "indicators": [item.pk], "override_tier": "red",
        "notes": "保留的说明",
    })
    body = response.content.decode()
    assert response.status_code == 200 and "人工调整风险等级必须填写理由" in body and "保留的说明" in body
    assert not RiskAssessment.objects.exists()


def test_assessment_form_saves_and_shows_tier(client, director_a, child_a, indicator):
    client.force_login(director_a)
    response = client.post(reverse("cases:assess", args=[child_a.pk]), {
        "assessed_on": timezone.localdate().isoformat(), "indicators": [indicator(6).pk],
    })
    assert response.status_code == 302
    assert Child.objects.get(pk=child_a.pk).tier == RiskTier.ORANGE


@pytest.mark.parametrize("fixture, status", [
    ("leader", 403), ("director_b", 404), ("hotline_user", 404), ("police_user", 404), ("admin_account", 404),
])
def test_assessment_refusals(client, request, fixture, status, child_a):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("cases:assess", args=[child_a.pk])).status_code == status
    response = client.post(reverse("cases:assess", args=[child_a.pk]), {"assessed_on": "2026-01-01"})
    assert response.status_code == status and child_a.name not in response.content.decode()
    assert not RiskAssessment.objects.exists()


def test_children_not_reassessed_within_six_months_are_flagged(station_user, village_a):
    today = timezone.localdate()
    old = ChildFactory(village=village_a, name="旧评估", last_assessed_on=today - dt.timedelta(days=184))
    ChildFactory(village=village_a, name="刚评过的孩子", last_assessed_on=today - dt.timedelta(days=100))
    flagged = ChildFactory(village=village_a, name="需复评", last_assessed_on=today, needs_reassessment=True)
    never = ChildFactory(village=village_a, name="从未评估", registered_on=today - dt.timedelta(days=200))
    ChildFactory(village=village_a, name="已结案", last_assessed_on=today - dt.timedelta(days=400), status="closed")
    found = set(children_visible_to(station_user).filter(reassessment_overdue_q()))
    assert found == {old, flagged, never}


def test_register_filter_shows_only_overdue_reassessments(client, director_a, village_a):
    today = timezone.localdate()
    ChildFactory(village=village_a, name="旧评估", last_assessed_on=today - dt.timedelta(days=200))
    ChildFactory(village=village_a, name="刚评过的孩子", last_assessed_on=today)
    client.force_login(director_a)
    body = client.get(reverse("cases:child_list"), {"overdue": "on"}).content.decode()
    assert "旧评估" in body and "刚评过的孩子" not in body


# --- 红: a visit within a day (the response the station set for 红) --------------------------------------------------

@pytest.fixture
def red_visited(station_user, director_a, child_a, indicator):
    """A child already 红, visited two days ago: its next visit is due at 红's interval."""
    from visits.services import record_visit

    today = timezone.localdate()
    assess_risk(by=station_user, child=child_a, indicators=[indicator(1, emergency=True)],
                assessed_on=today - dt.timedelta(days=3))
    record_visit(by=director_a, child=Child.objects.get(pk=child_a.pk), visited_on=today - dt.timedelta(days=2),
                 kind="home", visitors="主任")
    child = Child.objects.get(pk=child_a.pk)
    assert child.tier == RiskTier.RED and child.next_visit_due > today + dt.timedelta(days=1)
    return child


def test_a_child_already_red_found_in_a_new_emergency_must_be_visited_within_a_day(client, director_a,
                                                                                  red_visited, indicator):
    emergency = indicator(1, emergency=True, text="新发现遭受暴力")
    client.force_login(director_a)
    client.post(reverse("cases:assess", args=[red_visited.pk]), {
        "assessed_on": timezone.localdate().isoformat(), "indicators": [emergency.pk], "override_tier": "",
        "override_reason": "", "notes": "新发现遭受暴力"})
    child = Child.objects.get(pk=red_visited.pk)
    assert child.next_visit_due == timezone.localdate() + dt.timedelta(days=1)
    assert child.name in client.get(reverse("visits:due")).content.decode()


def test_a_mandatory_report_on_a_child_already_red_schedules_a_visit_within_a_day(station_user, red_visited):
    from cases.services import file_mandatory_report

    file_mandatory_report(by=station_user, child=red_visited, reporter_kind="citizen", situations=["injuries"],
                          summary="邻居听到孩子哭喊")
    assert Child.objects.get(pk=red_visited.pk).next_visit_due == timezone.localdate() + dt.timedelta(days=1)


def test_a_red_reassessment_without_an_emergency_keeps_reds_interval(station_user, red_visited, indicator):
    due = red_visited.next_visit_due
    assess_risk(by=station_user, child=red_visited, indicators=[indicator(10)])
    child = Child.objects.get(pk=red_visited.pk)
    assert child.tier == RiskTier.RED and child.next_visit_due == due


def test_an_emergency_assessed_at_a_visit_that_day_asks_no_second_visit(station_user, red_visited, indicator):
    """The visit that found it was the visit within a day."""
    due = red_visited.next_visit_due
    assess_risk(by=station_user, child=red_visited, indicators=[indicator(1, emergency=True, text="当天发现")],
                assessed_on=red_visited.last_visit_on)
    assert Child.objects.get(pk=red_visited.pk).next_visit_due == due
