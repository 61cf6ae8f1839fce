"""Plan 三(二)1 明确不同风险等级家访频率: a higher risk tier is never visited less often than a lower one
(红 ≤ 橙 ≤ 黄 ≤ 绿 in days between visits)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ChildFactory
from visits.selectors import max_days_by_tier, policy_fingerprint
from visits.services import set_visit_policy

pytestmark = pytest.mark.django_db

DEFAULTS = {"red": 7, "orange": 14, "yellow": 30, "green": 90}


def test_the_page_refuses_red_visited_less_often_than_green_and_keeps_the_input(client, station_user):
    client.force_login(station_user)
    response = client.post(reverse("visits:policy"), {
        "seen": policy_fingerprint(), "red": 90, "orange": 60, "yellow": 30, "green": 7,
    })
    body = response.content.decode()
    assert response.status_code == 200 and "红 ≤ 橙 ≤ 黄 ≤ 绿" in body
    assert 'value="90"' in body and 'value="60"' in body and 'value="7"' in body
    assert max_days_by_tier() == DEFAULTS


@pytest.mark.parametrize("change", [{"red": 15}, {"orange": 31}, {"yellow": 91}, {"green": 29}])
def test_one_tier_out_of_order_is_refused_and_nothing_saved(station_user, change):
    with pytest.raises(ValidationError, match="红 ≤ 橙 ≤ 黄 ≤ 绿"):
        set_visit_policy(by=station_user, max_days={**DEFAULTS, **change}, seen=policy_fingerprint())
    assert max_days_by_tier() == DEFAULTS


def test_a_partial_change_is_checked_against_the_other_tiers(station_user):
    with pytest.raises(ValidationError, match="红 ≤ 橙 ≤ 黄 ≤ 绿"):
        set_visit_policy(by=station_user, max_days={"red": 20}, seen=policy_fingerprint())
    assert max_days_by_tier() == DEFAULTS


def test_an_ordered_change_still_saves(client, station_user, village_a, today):
    child = ChildFactory(village=village_a, tier="yellow", last_visit_on=today)
    client.force_login(station_user)
    response = client.post(reverse("visits:policy"), {
        "seen": policy_fingerprint(), "red": 3, "orange": 10, "yellow": 10, "green": 60,  # equal tiers are allowed
    })
    assert response.status_code == 302
    assert max_days_by_tier() == {"red": 3, "orange": 10, "yellow": 10, "green": 60}
    child.refresh_from_db()
    assert child.next_visit_due == today + dt.timedelta(days=10)
