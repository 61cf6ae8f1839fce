"""Django admin for the organisation at work, and its demo data."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from registry.models import Facility, FamilyEducationSession, Publicity, SocialForce, Task, User, Workroom

from .factories import FacilityFactory, HolidayFactory, InspectionFactory, SessionFactory, TaskFactory

pytestmark = pytest.mark.django_db

MODELS = ["workroom", "directorprofile", "socialforce", "socialactivity", "facility", "facilityinspection",
          "holiday", "familyeducationsession", "publicity", "task"]  # task notes: inline on task


@pytest.mark.parametrize("model", MODELS)
def test_leadership_reads_every_model_in_the_admin_with_search(client, leader, model):
    client.force_login(leader)
    response = client.get(reverse(f"admin:registry_{model}_changelist") + "?q=测试")
    assert response.status_code == 200
    assert client.get(reverse(f"admin:registry_{model}_add")).status_code == 403


def test_admin_filters_work(client, leader, village_a):
    InspectionFactory(facility=FacilityFactory(village=village_a, name="甲村儿童之家"), safety_sign_present=False,
                      problems="缺")
    SessionFactory(village=village_a)
    TaskFactory(title="逾期任务")
    client.force_login(leader)
    body = client.get(reverse("admin:registry_facilityinspection_changelist")
                      + "?safety_sign_present__exact=0").content.decode()
    assert "甲村儿童之家" in body
    assert client.get(reverse("admin:registry_familyeducationsession_changelist")
                      + f"?village__id__exact={village_a.pk}&held__exact=1").status_code == 200
    assert client.get(reverse("admin:registry_task_changelist") + "?status__exact=todo").status_code == 200


def test_admin_role_maintains_holidays_but_sees_no_village_records(client, admin_account):
    HolidayFactory(name="测试假期")
    client.force_login(admin_account)
    assert "测试假期" in client.get(reverse("admin:registry_holiday_changelist")).content.decode()
    assert client.get(reverse("admin:registry_facility_changelist")).status_code == 403


@override_settings(DEBUG=True)
def test_demo_data_for_two_villages_and_village_c_without_director(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # idempotent
    assert set(Workroom.objects.values_list("village__name", flat=True)) == {"示例村A", "示例社区B"}
    assert Facility.objects.count() == 2 and Publicity.objects.count() == 2 and Task.objects.count() == 2
    assert FamilyEducationSession.objects.count() == 5 and SocialForce.objects.count() == 2
    client.force_login(User.objects.get(username="station"))
    body = client.get(reverse("registry:work_overview")).content.decode()
    section = body.split('id="villages-without-director"')[1].split("</div>")[0]
    assert "示例村C" in section and "示例村A" not in section
    client.force_login(User.objects.get(username="police"))
    assert "示例：校园周边治安巡查" in client.get(reverse("registry:tasks")).content.decode()
