"""Tiered interventions (分级干预措施, plan 三(二)1, DESIGN.md §4): each risk tier has a response the station edits;
the child's file and the risk assessment state the response of the child's tier."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import RiskIndicator, RiskTier, TierThreshold
from cases.services import assess_risk
from tests.cases.form_data import risk_settings_data
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

RED_RESPONSE = "立即介入：24小时内入户家访，发现疑似侵害的立即报告"
NEW_ORANGE = ("定期介入：一周内制定帮扶计划", "Regular intervention: a support plan within a week")


def _file(client, child) -> str:
    response = client.get(reverse("cases:child_detail", args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_tier_has_its_default_response_in_both_languages():
    responses = {row.tier: (row.response_zh_hans, row.response_en) for row in TierThreshold.objects.all()}
    assert responses == {
        "red": (RED_RESPONSE,
                "Immediate intervention: home visit within 24 hours; report at once if harm is suspected"),
        "orange": ("定期介入：制定帮扶计划，落实干预措施",
                   "Regular intervention: make a support plan and carry out interventions"),
        "yellow": ("定期关注：定期家访，掌握变化", "Regular attention: visit regularly and follow changes"),
        "green": ("保持关注：纳入台账，常态关注", "Keep watching: on the register, routine attention"),
    }


def test_the_file_of_a_red_child_states_the_red_response(client, station_user, child_a):
    assess_risk(by=station_user, child=child_a, indicators=[RiskIndicator.objects.filter(is_emergency=True).first()])
    client.force_login(station_user)
    assert RED_RESPONSE in _file(client, child_a)


def test_the_file_of_a_child_not_yet_assessed_states_no_response(client, director_a, child_a):
    client.force_login(director_a)
    assert 'id="tier-response"' not in _file(client, child_a)


def test_the_station_edits_the_orange_response_and_an_orange_childs_file_shows_it(client, station_user, village_a):
    orange = ChildFactory(village=village_a, tier=RiskTier.ORANGE)
    client.force_login(station_user)
    data = risk_settings_data(responses={"orange": NEW_ORANGE}, new_indicator_row=False)
    response = client.post(reverse("cases:risk_settings"), data)
    assert response.status_code == 302
    row = TierThreshold.objects.get(tier="orange")
    assert (row.response_zh_hans, row.response_en) == NEW_ORANGE
    assert NEW_ORANGE[0] in _file(client, orange)


def test_the_settings_page_shows_each_tiers_response_for_editing(client, station_user):
    client.force_login(station_user)
    page = client.get(reverse("cases:risk_settings")).content.decode()
    for row in TierThreshold.objects.all():
        assert f'value="{row.response_zh_hans}"' in page and f'value="{row.response_en}"' in page


def test_an_empty_chinese_response_is_refused_and_nothing_is_saved(client, station_user):
    client.force_login(station_user)
    data = risk_settings_data(scores={"yellow": 4}, responses={"orange": ("", "English only")},
                              new_indicator_row=False)
    response = client.post(reverse("cases:risk_settings"), data)
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert TierThreshold.objects.get(tier="yellow").min_score == 3
    assert TierThreshold.objects.get(tier="orange").response_en == (
        "Regular intervention: make a support plan and carry out interventions")


@pytest.mark.parametrize("fixture", ["director_a", "hotline_user", "leader"])
def test_only_the_station_changes_tier_responses(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("cases:risk_settings")).status_code == 403
    data = risk_settings_data(responses={"orange": NEW_ORANGE}, new_indicator_row=False)
    assert client.post(reverse("cases:risk_settings"), data).status_code == 403
    assert TierThreshold.objects.get(tier="orange").response_zh_hans == "定期介入：制定帮扶计划，落实干预措施"


def test_a_response_changed_by_a_colleague_meanwhile_is_not_overwritten(client, station_user):
    """Both opened the page; the colleague rewrote the red response and saved. Saving the page as it was shown would
    put the old response back: refused, with the input kept."""
    client.force_login(station_user)
    data = risk_settings_data(scores={"yellow": 4}, new_indicator_row=False)
    TierThreshold.objects.filter(tier="red").update(response_zh_hans="立即介入：当天入户")  # the colleague's save
    response = client.post(reverse("cases:risk_settings"), data)
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and f'value="{RED_RESPONSE}"' in body
    assert TierThreshold.objects.get(tier="red").response_zh_hans == "立即介入：当天入户"
    assert TierThreshold.objects.get(tier="yellow").min_score == 3


def test_the_assessment_page_lists_each_tiers_response(client, station_user, child_a):
    client.force_login(station_user)
    page = client.get(reverse("cases:assess", args=[child_a.pk])).content.decode()
    for row in TierThreshold.objects.all():
        assert row.response_zh_hans in page


def test_saving_an_assessment_states_the_response_of_the_tier_it_gave(client, station_user, child_a):
    emergency = RiskIndicator.objects.filter(is_emergency=True).first()
    client.force_login(station_user)
    response = client.post(reverse("cases:assess", args=[child_a.pk]), {
        "assessed_on": child_a.registered_on.isoformat(), "indicators": [emergency.pk],
    })
    assert response.status_code == 302
    assert any(RED_RESPONSE in str(message) for message in get_messages(response.wsgi_request))


def test_the_file_in_english_states_the_english_response(client, station_user, village_a):
    green = ChildFactory(village=village_a, tier=RiskTier.GREEN)
    client.force_login(station_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _file(client, green)
    assert "Keep watching: on the register, routine attention" in page
    assert "保持关注" not in page
    # A response the station wrote without English shows its Chinese rather than nothing.
    TierThreshold.objects.filter(tier="green").update(response_en="")
    assert "保持关注：纳入台账，常态关注" in _file(client, green)
