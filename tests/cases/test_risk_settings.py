"""The station edits indicators and thresholds in the portal."""

import pytest
from django.urls import reverse

from cases.models import RiskIndicator, TierThreshold
from tests.cases.form_data import risk_settings_data

pytestmark = pytest.mark.django_db


def _data(**scores):
    return risk_settings_data(scores=scores)


def test_station_changes_a_threshold_and_adds_an_indicator(client, station_user):
    client.force_login(station_user)
    data = _data(yellow=4)
    n = RiskIndicator.objects.count()
    data |= {f"indicators-{n}-domain": "health", f"indicators-{n}-text_zh_hans": "新增指标",
             f"indicators-{n}-text_en": "A new indicator", f"indicators-{n}-weight": 2,
             f"indicators-{n}-order": 99, f"indicators-{n}-is_active": "on"}
    assert client.post(reverse("cases:risk_settings"), data).status_code == 302
    assert TierThreshold.objects.get(tier="yellow").min_score == 4
    added = RiskIndicator.objects.get(text="新增指标", weight=2)
    assert (added.text_zh_hans, added.text_en) == ("新增指标", "A new indicator")
    assert added.history.count() == 1


def test_an_indicator_without_chinese_text_is_refused_and_nothing_is_saved(client, station_user):
    client.force_login(station_user)
    data = _data(yellow=4)
    n = RiskIndicator.objects.count()
    data |= {f"indicators-{n}-domain": "health", f"indicators-{n}-text_en": "English only",
             f"indicators-{n}-weight": 2, f"indicators-{n}-order": 99, f"indicators-{n}-is_active": "on"}
    response = client.post(reverse("cases:risk_settings"), data)
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not RiskIndicator.objects.filter(text_en="English only").exists()
    assert TierThreshold.objects.get(tier="yellow").min_score == 3


def test_the_assessment_checklist_is_in_the_readers_language(client, station_user, child_a):
    client.force_login(station_user)
    url = reverse("cases:assess", args=[child_a.pk])
    assert "被遗弃" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(url).content.decode()
    assert "Abandoned" in body and "被遗弃" not in body
    # An indicator the station added without English shows its Chinese text rather than nothing.
    RiskIndicator.objects.create(domain="health", text="只有中文的指标", weight=1)
    assert "只有中文的指标" in client.get(url).content.decode()


def test_thresholds_out_of_order_are_refused(client, station_user):
    client.force_login(station_user)
    response = client.post(reverse("cases:risk_settings"), _data(yellow=8))
    assert response.status_code == 200 and "依次递减" in response.content.decode()
    assert TierThreshold.objects.get(tier="yellow").min_score == 3


@pytest.mark.parametrize("fixture", ["leader", "director_a", "hotline_user", "police_user", "admin_account"])
def test_only_the_station_edits_risk_settings(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("cases:risk_settings")).status_code == 403
    assert client.post(reverse("cases:risk_settings"), _data(yellow=4)).status_code == 403
    assert TierThreshold.objects.get(tier="yellow").min_score == 3


def test_a_change_saved_by_a_colleague_meanwhile_is_not_overwritten(client, station_user):
    """Both opened the page; the colleague raised an indicator's weight and saved. Saving the page as it was shown
    would put the old weight back: refused, with the input kept."""
    client.force_login(station_user)
    page = client.get(reverse("cases:risk_settings")).content.decode()
    data = _data(yellow=4) | {"indicators-TOTAL_FORMS": RiskIndicator.objects.count()}  # no blank row
    assert f'name="seen" value="{data["seen"]}"' in page
    item = RiskIndicator.objects.get(text="被遗弃")
    RiskIndicator.objects.filter(pk=item.pk).update(weight=item.weight + 5)  # the colleague's save
    response = client.post(reverse("cases:risk_settings"), data)
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and 'value="4"' in body
    assert RiskIndicator.objects.get(pk=item.pk).weight == item.weight + 5
    assert TierThreshold.objects.get(tier="yellow").min_score == 3
