"""Facilities where minors gather and their inspections [三(二)2]: flags and refused input."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from registry.models import FacilityInspection
from registry.selectors import facilities_with_last_inspection, flagged_facility_q

from .factories import FacilityFactory, InspectionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _flagged():
    return set(facilities_with_last_inspection().filter(flagged_facility_q()).values_list("name", flat=True))


def _days_ago(n):
    return TODAY() - dt.timedelta(days=n)


def test_never_inspected_facility_is_flagged(village_a):
    FacilityFactory(village=village_a, name="新场所")
    assert _flagged() == {"新场所"}


def test_inspection_older_than_ninety_days_is_flagged(village_a):
    InspectionFactory(facility=FacilityFactory(village=village_a, name="旧"), inspected_on=_days_ago(91))
    InspectionFactory(facility=FacilityFactory(village=village_a, name="刚好"), inspected_on=_days_ago(90))
    assert _flagged() == {"旧"}


@override_settings(REGISTRY_FACILITY_INSPECTION_DAYS=30)
def test_the_period_is_a_setting(village_a):
    InspectionFactory(facility=FacilityFactory(village=village_a, name="31天"), inspected_on=_days_ago(31))
    assert _flagged() == {"31天"}


def test_missing_sign_not_fixed_is_flagged_until_fixed(village_a):
    facility = FacilityFactory(village=village_a, name="缺标志")
    inspection = InspectionFactory(facility=facility, no_smoking_sign_present=False, problems="缺禁烟标志")
    assert _flagged() == {"缺标志"}
    inspection.fixed_on = TODAY()
    inspection.save()
    assert _flagged() == set()


def test_only_the_last_inspection_counts(village_a):
    facility = FacilityFactory(village=village_a, name="已补")
    InspectionFactory(facility=facility, inspected_on=_days_ago(30), safety_sign_present=False, problems="缺")
    InspectionFactory(facility=facility, inspected_on=_days_ago(5))
    assert _flagged() == set()


def test_list_shows_why_a_facility_is_flagged_and_filters(client, director_a, village_a):
    InspectionFactory(facility=FacilityFactory(village=village_a, name="缺标志场所"), safety_sign_present=False,
                      problems="缺")
    InspectionFactory(facility=FacilityFactory(village=village_a, name="良好场所"))
    client.force_login(director_a)
    body = client.get(reverse("registry:facilities")).content.decode()
    assert "缺少警示或禁烟标志，尚未整改" in body and "良好场所" in body
    body = client.get(reverse("registry:facilities") + "?flagged=1").content.decode()
    assert "缺标志场所" in body and "良好场所" not in body


def _inspect(client, facility, **overrides):
    data = {"inspected_on": TODAY().isoformat(), "inspector": "李四", "equipment_maintained": "on",
            "safety_sign_present": "on", "no_smoking_sign_present": "on", "problems": "", "fixed_on": ""}
    data.update(overrides)
    return client.post(reverse("registry:inspection_new", args=[facility.pk]),
                       {k: v for k, v in data.items() if v is not None})


def test_director_records_an_inspection(client, director_a, village_a):
    facility = FacilityFactory(village=village_a)
    client.force_login(director_a)
    assert _inspect(client, facility).status_code == 302
    assert FacilityInspection.objects.get().recorded_by == director_a


@pytest.mark.parametrize("overrides,message", [
    ({"no_smoking_sign_present": None}, "设施未维护或缺少标志时，请填写发现的问题。"),
    ({"inspected_on": (TODAY() + dt.timedelta(days=1)).isoformat()}, "检查日期不能晚于今天。"),
    ({"safety_sign_present": None, "problems": "缺", "inspected_on": TODAY().isoformat(),
      "fixed_on": (TODAY() - dt.timedelta(days=1)).isoformat()}, "整改完成日期不能早于检查日期。"),
    ({"fixed_on": TODAY().isoformat()}, "本次检查未发现问题，无需填写整改完成日期。"),
])
def test_bad_inspection_input_is_refused(client, director_a, village_a, overrides, message):
    facility = FacilityFactory(village=village_a)
    client.force_login(director_a)
    response = _inspect(client, facility, inspector="保留的检查人", **overrides)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "保留的检查人" in body
    assert not FacilityInspection.objects.exists()


def test_fix_date_is_recorded_on_the_existing_inspection(client, director_a, village_a):
    facility = FacilityFactory(village=village_a)
    inspection = InspectionFactory(facility=facility, inspected_on=_days_ago(3), safety_sign_present=False,
                                   problems="缺警示标志")
    client.force_login(director_a)
    response = client.post(reverse("registry:inspection_edit", args=[facility.pk, inspection.pk]), {
        "inspected_on": inspection.inspected_on.isoformat(), "inspector": "检查员", "equipment_maintained": "on",
        "no_smoking_sign_present": "on", "problems": "缺警示标志", "fixed_on": TODAY().isoformat(),
        "seen_version": inspection.version,
    })
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.fixed_on == TODAY() and inspection.recorded_by is None
    assert inspection.version == 2


def _edit_inspection(client, inspection, seen_version, **overrides):
    """Post the edit page of `inspection` as opened when it was at `seen_version` (its missing sign noted)."""
    data = {"inspected_on": inspection.inspected_on.isoformat(), "inspector": inspection.inspector,
            "equipment_maintained": "on", "no_smoking_sign_present": "on", "problems": inspection.problems,
            "fixed_on": "", "seen_version": seen_version}
    data.update(overrides)
    return client.post(reverse("registry:inspection_edit", args=[inspection.facility_id, inspection.pk]),
                       {k: v for k, v in data.items() if v != ""})


def test_a_stale_inspection_edit_is_refused_and_keeps_the_fix_date_saved_meanwhile(
        client, director_a, station_user, village_a):
    inspection = InspectionFactory(facility=FacilityFactory(village=village_a), inspected_on=_days_ago(5),
                                   safety_sign_present=False, problems="缺安全警示标志")
    opened_at = inspection.version  # both the director and the station open the edit page
    client.force_login(director_a)
    assert _edit_inspection(client, inspection, opened_at, fixed_on=_days_ago(1).isoformat()).status_code == 302

    client.force_login(station_user)
    response = _edit_inspection(client, inspection, opened_at, problems="缺安全警示标志（入口处）")
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and "缺安全警示标志（入口处）" in body
    inspection.refresh_from_db()
    assert inspection.fixed_on == _days_ago(1) and inspection.problems == "缺安全警示标志"


def test_an_inspection_edit_from_the_latest_version_is_saved(client, director_a, station_user, village_a):
    inspection = InspectionFactory(facility=FacilityFactory(village=village_a), inspected_on=_days_ago(5),
                                   safety_sign_present=False, problems="缺安全警示标志")
    client.force_login(director_a)
    assert _edit_inspection(client, inspection, inspection.version,
                            fixed_on=_days_ago(1).isoformat()).status_code == 302
    inspection.refresh_from_db()

    client.force_login(station_user)
    response = _edit_inspection(client, inspection, inspection.version, problems="缺安全警示标志（入口处）",
                                fixed_on=inspection.fixed_on.isoformat())
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.problems == "缺安全警示标志（入口处）" and inspection.fixed_on == _days_ago(1)


def test_the_inspection_edit_page_carries_the_version_it_shows(client, director_a, village_a):
    inspection = InspectionFactory(facility=FacilityFactory(village=village_a))
    FacilityInspection.objects.filter(pk=inspection.pk).update(version=4)
    client.force_login(director_a)
    body = client.get(reverse("registry:inspection_edit", args=[inspection.facility_id, inspection.pk])).content
    assert b'name="seen_version" value="4"' in body


def test_duplicate_facility_name_in_a_village_is_refused(client, director_a, village_a):
    FacilityFactory(village=village_a, name="儿童之家")
    client.force_login(director_a)
    response = client.post(reverse("registry:facility_new"), {"village": village_a.pk, "name": "儿童之家",
                                                               "kind": "children_home", "is_active": "on"})
    assert response.status_code == 200 and "本村(社区)已有同名场所。" in response.content.decode()


def test_equipment_not_maintained_is_flagged_until_fixed_or_found_maintained_later(village_a):
    facility = FacilityFactory(village=village_a, name="器材坏")
    inspection = InspectionFactory(facility=facility, inspected_on=_days_ago(20), equipment_maintained=False,
                                   problems="滑梯松动")
    assert _flagged() == {"器材坏"}
    inspection.fixed_on = _days_ago(1)
    inspection.save()
    assert _flagged() == set()
    inspection.fixed_on = None
    inspection.save()
    InspectionFactory(facility=facility, inspected_on=_days_ago(5))  # the later inspection found it maintained
    assert _flagged() == set()


def test_flagged_filter_lists_equipment_not_maintained_with_its_reason(client, director_a, village_a):
    InspectionFactory(facility=FacilityFactory(village=village_a, name="未维护场所"), equipment_maintained=False,
                      problems="器材损坏")
    repaired = FacilityFactory(village=village_a, name="已维护场所")
    InspectionFactory(facility=repaired, inspected_on=_days_ago(20), equipment_maintained=False, problems="损坏")
    InspectionFactory(facility=repaired, inspected_on=_days_ago(3))
    client.force_login(director_a)
    body = client.get(reverse("registry:facilities") + "?flagged=1").content.decode()
    assert "未维护场所" in body and "设施设备未维护，尚未整改" in body
    assert "已维护场所" not in body
    assert "缺少警示或禁烟标志" not in body  # its signs were present: only the upkeep is a reason
