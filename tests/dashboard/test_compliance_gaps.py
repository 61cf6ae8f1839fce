"""Two gaps the plan-compliance section must not hide: a facility whose equipment the latest inspection found not
maintained [三(二)2], and a judged month whose year has no public holidays loaded [三(二)3]."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.scope import current_month
from registry.models import Holiday
from tests.registry.factories import FacilityFactory, HolidayFactory, InspectionFactory

pytestmark = pytest.mark.django_db
REASON = "设施设备未维护，尚未整改"


def _days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


def figure(body, name):
    return int(re.search(rf'data-figure="{name}">(?:<a [^>]*>)?(\d+)<', body).group(1))


def facility_list(body):
    """The report's list of facilities to inspect or put right: the text of its rows."""
    return re.search(r'id="list-facilities">(.*?)</section>', body, re.S).group(1)


@pytest.fixture
def upkeep(village_a, village_b):
    broken = FacilityFactory(village=village_a, name="甲村器材未维护")
    InspectionFactory(facility=broken, inspected_on=_days_ago(4), equipment_maintained=False, problems="滑梯松动")
    repaired = FacilityFactory(village=village_b, name="乙社区已维护")
    InspectionFactory(facility=repaired, inspected_on=_days_ago(30), equipment_maintained=False, problems="损坏")
    InspectionFactory(facility=repaired, inspected_on=_days_ago(2))  # later inspection: maintained
    return {"broken": broken, "repaired": repaired}


def test_equipment_not_maintained_is_a_flag_of_the_compliance_section(client, leader, upkeep, village_a, village_b):
    client.force_login(leader)
    body = client.get(reverse("dashboard:index")).content.decode()
    assert figure(body, "facilities-flagged") == 1
    row = re.search(rf'data-compliance-village="{village_a.pk}".*?</tr>', body, re.S).group(0)
    assert re.search(r'data-col="facilities">(?:<a [^>]*>)?1<', row)
    row = re.search(rf'data-compliance-village="{village_b.pk}".*?</tr>', body, re.S).group(0)
    assert re.search(r'data-col="facilities">(?:<a [^>]*>)?0<', row)
    listed = facility_list(client.get(reverse("dashboard:report")).content.decode())
    assert "甲村器材未维护" in listed and REASON in listed
    assert "乙社区已维护" not in listed


def test_the_holiday_warning_shows_only_for_a_year_without_holidays(client, station_user, village_a):
    year = current_month().year
    client.force_login(station_user)
    Holiday.objects.all().delete()  # load_zhanpu loaded this year's: take them away
    body = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="holidays-missing"' in body and f"未载入 {year} 年节假日" in body
    HolidayFactory(name="国庆节", start_date=dt.date(year, 10, 1), end_date=dt.date(year, 10, 7))
    body = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="holidays-missing"' not in body and "未载入" not in body


def test_the_report_warns_about_the_year_of_the_month_it_judges(client, leader, village_a):
    this_year = current_month().year  # load_zhanpu (the leader fixture's org) loaded this year's holidays only
    assert not Holiday.objects.filter(start_date__year=this_year - 1).exists()
    client.force_login(leader)
    body = client.get(reverse("dashboard:report"), {"month": f"{this_year - 1}-06"}).content.decode()
    assert f"未载入 {this_year - 1} 年节假日" in body
    body = client.get(reverse("dashboard:report")).content.decode()
    assert "未载入" not in body
