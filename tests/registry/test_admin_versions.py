"""An edit made in the admin moves the record's version on, as a portal save does: a portal edit page opened before
it is refused as stale ("已被他人修改") instead of silently overwriting what the admin saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Facility, FacilityInspection, Holiday
from tests.factories import UserFactory
from tests.roundtrip.browser import form_as_sent

from .factories import FacilityFactory, HolidayFactory, InspectionFactory

STALE = "已被他人修改"


def _days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


def _admin_save(client, url, **changes):
    """Open the admin change page `url` and send it back with `changes` typed in."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_as_sent(page.content.decode())
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, data)


def _edit_inspection_on_the_portal(client, inspection, seen_version):
    return client.post(reverse("registry:inspection_edit", args=[inspection.facility_id, inspection.pk]), {
        "inspected_on": inspection.inspected_on.isoformat(), "inspector": inspection.inspector,
        "equipment_maintained": "on", "no_smoking_sign_present": "on", "problems": "门口台阶破损",
        "fixed_on": _days_ago(1).isoformat(), "seen_version": seen_version,
    })


@pytest.fixture
def superuser(db):  # the IT staff: the only admin accounts that change facilities (the leadership reads them)
    return UserFactory(username="it", is_staff=True, is_superuser=True)


@pytest.fixture
def inspection(village_a):
    return InspectionFactory(facility=FacilityFactory(village=village_a), inspected_on=_days_ago(5),
                             inspector="检查员", safety_sign_present=False, problems="缺安全警示标志")


def test_an_inspection_changed_in_the_admin_makes_a_portal_edit_opened_before_it_stale(
        client, superuser, director_a, inspection):
    opened_at = inspection.version  # the director opens the edit page
    client.force_login(superuser)
    url = reverse("admin:registry_facilityinspection_change", args=[inspection.pk])
    assert _admin_save(client, url, problems="缺安全警示标志（管理后台核实）").status_code == 302

    client.force_login(director_a)
    response = _edit_inspection_on_the_portal(client, inspection, opened_at)
    assert response.status_code == 200 and STALE in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.problems == "缺安全警示标志（管理后台核实）" and inspection.fixed_on is None


def test_an_inspection_changed_inline_on_its_facilitys_admin_page_makes_a_portal_edit_stale(
        client, superuser, director_a, inspection):
    opened_at = inspection.version
    client.force_login(superuser)
    url = reverse("admin:registry_facility_change", args=[inspection.facility_id])
    assert _admin_save(client, url, **{"inspections-0-problems": "已核实"}).status_code == 302

    client.force_login(director_a)
    response = _edit_inspection_on_the_portal(client, inspection, opened_at)
    assert response.status_code == 200 and STALE in response.content.decode()
    assert FacilityInspection.objects.get(pk=inspection.pk).problems == "已核实"


def test_a_portal_edit_opened_after_the_admins_change_is_saved(client, superuser, director_a, inspection):
    client.force_login(superuser)
    url = reverse("admin:registry_facilityinspection_change", args=[inspection.pk])
    assert _admin_save(client, url, problems="缺安全警示标志（管理后台核实）").status_code == 302
    inspection.refresh_from_db()

    client.force_login(director_a)
    assert _edit_inspection_on_the_portal(client, inspection, inspection.version).status_code == 302
    inspection.refresh_from_db()
    assert inspection.problems == "门口台阶破损" and inspection.fixed_on == _days_ago(1)


def test_saving_an_admin_page_unchanged_leaves_an_open_portal_edit_valid(client, superuser, director_a, village_a):
    facility = FacilityFactory(village=village_a, name="儿童之家")
    opened_at = facility.version
    client.force_login(superuser)
    assert _admin_save(client, reverse("admin:registry_facility_change", args=[facility.pk])).status_code == 302
    assert Facility.objects.get(pk=facility.pk).version == opened_at


def test_a_facility_renamed_in_the_admin_makes_a_portal_edit_opened_before_it_stale(
        client, superuser, director_a, village_a):
    facility = FacilityFactory(village=village_a, name="儿童之家")
    opened_at = facility.version
    client.force_login(superuser)
    assert _admin_save(client, reverse("admin:registry_facility_change", args=[facility.pk]),
                       name="甲村儿童之家").status_code == 302

    client.force_login(director_a)
    response = client.post(reverse("registry:facility_edit", args=[facility.pk]), {
        "name": "儿童之家（新）", "village": village_a.pk, "kind": facility.kind, "seen_version": opened_at,
        "is_active": "on",
    })
    assert response.status_code == 200 and STALE in response.content.decode()
    assert Facility.objects.get(pk=facility.pk).name == "甲村儿童之家"


def test_a_holiday_changed_in_the_admin_makes_the_stations_open_edit_stale(client, admin_account, station_user):
    holiday = HolidayFactory(name="测试节", name_en="Test Day", start_date=dt.date(2026, 6, 1),
                             end_date=dt.date(2026, 6, 3))
    opened_at = holiday.version
    client.force_login(admin_account)  # the admin role maintains the holiday table
    assert _admin_save(client, reverse("admin:registry_holiday_change", args=[holiday.pk]),
                       end_date="2026-06-04").status_code == 302

    client.force_login(station_user)
    response = client.post(reverse("registry:holiday_edit", args=[holiday.pk]), {
        "name_zh_hans": "测试节假期", "name_en": "Test Day", "start_date": "2026-06-01", "end_date": "2026-06-03",
        "seen_version": opened_at,
    })
    assert response.status_code == 200 and STALE in response.content.decode()
    stored = Holiday.objects.get(pk=holiday.pk)
    assert (stored.name, stored.end_date) == ("测试节", dt.date(2026, 6, 4))


def test_the_leadership_reads_an_inspection_in_the_admin_but_its_post_changes_nothing(client, leader, inspection):
    client.force_login(leader)
    url = reverse("admin:registry_facilityinspection_change", args=[inspection.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"facility": inspection.facility_id, "inspected_on": inspection.inspected_on,
                                 "inspector": "改", "problems": "改"})
    assert response.status_code == 403
    stored = FacilityInspection.objects.get(pk=inspection.pk)
    assert (stored.problems, stored.version) == ("缺安全警示标志", inspection.version)
