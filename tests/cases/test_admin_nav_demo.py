"""Admin pages of the cases app, navigation links, home cards and the demo data."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from cases.models import Child, MandatoryReport, Referral, RiskTier
from registry.privacy import mask_id_number
from tests.factories import GuardianFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_reader(leader):
    perms = Permission.objects.filter(content_type__app_label="cases", codename__startswith="view")
    leader.user_permissions.add(*perms)
    return leader


def test_admin_changelist_masks_id_and_lists_visible_children(client, admin_reader, child_a):
    GuardianFactory(child=child_a, phone="13912345678")
    client.force_login(admin_reader)
    body = client.get(reverse("admin:cases_child_changelist")).content.decode()
    assert child_a.name in body and mask_id_number(child_a.id_number) in body
    assert child_a.id_number not in body
    page = client.get(reverse("admin:cases_child_change", args=[child_a.pk])).content.decode()
    assert child_a.id_number not in page and "13912345678" not in page and "139****5678" in page


def test_admin_search_by_pinyin(client, admin_reader, child_a, child_b):
    Child.objects.filter(pk=child_a.pk).update(name_pinyin="jiacunertong jcet")
    client.force_login(admin_reader)
    body = client.get(reverse("admin:cases_child_changelist"), {"q": "jcet"}).content.decode()
    assert child_a.name in body and child_b.name not in body


def test_superuser_flag_shows_no_children_in_admin(client, child_a):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert child_a.name not in client.get(reverse("admin:cases_child_changelist")).content.decode()


def test_admin_account_cannot_open_child_admin(client, admin_account, child_a):
    client.force_login(admin_account)
    assert client.get(reverse("admin:cases_child_changelist")).status_code == 403


def test_mandatory_report_admin_hides_reporter(client, admin_reader, station_user, child_a):
    from cases.services import file_mandatory_report

    report = file_mandatory_report(by=station_user, child=child_a, reporter_kind="school", situations=["begging"],
                                   summary="摘要", reporter_name="保密的报告人", reporter_phone="13700001111")
    client.force_login(admin_reader)
    page = client.get(reverse("admin:cases_mandatoryreport_change", args=[report.pk])).content.decode()
    assert "保密的报告人" not in page and "13700001111" not in page


def test_nav_links_by_role(client, director_a, police_user, hotline_user):
    client.force_login(director_a)
    body = client.get(reverse("home")).content.decode()
    assert reverse("cases:child_list") in body and reverse("cases:child_create") in body
    assert f'href="{reverse("cases:referral_list")}"' in body  # their villages' referrals, returned or overdue
    client.force_login(police_user)
    body = client.get(reverse("home")).content.decode()
    assert "转介收件箱" in body and f'href="{reverse("cases:child_list")}"' not in body
    client.force_login(hotline_user)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("cases:child_list")}"' not in body and reverse("cases:referral_list") not in body


@override_settings(DEBUG=True)
def test_demo_data_gives_each_tier_a_police_referral_and_a_report(db):
    call_command("seed_demo", verbosity=0)
    tiers = set(Child.objects.filter(name__startswith="示例儿童").exclude(tier="").values_list("tier", flat=True))
    assert tiers == {RiskTier.RED, RiskTier.ORANGE, RiskTier.YELLOW, RiskTier.GREEN}
    assert Referral.objects.filter(office__code="police", urgent=True).count() == 1
    assert MandatoryReport.objects.count() == 1
    call_command("seed_demo", verbosity=0)  # idempotent
    assert MandatoryReport.objects.count() == 1


@pytest.fixture
def admin_editor(station_user):
    """The station (it changes every village's files; the leadership only reads them) with the admin's permissions."""
    station_user.is_staff = True
    station_user.save()
    station_user.user_permissions.add(*Permission.objects.filter(content_type__app_label="cases",
                                                                 codename__startswith="view"),
                                      Permission.objects.get(codename="change_child"),
                                      Permission.objects.get(codename="add_child"))
    return station_user


def test_admin_edit_of_a_child_goes_through_the_service(client, admin_editor, child_a):
    """Renaming in the admin updates the pinyin search key and the version, so a form opened earlier on the portal
    is refused as stale instead of silently overwriting the admin's edit."""
    client.force_login(admin_editor)
    version_before = Child.objects.get(pk=child_a.pk).version
    page = client.get(reverse("admin:cases_child_change", args=[child_a.pk]))
    data = {
        key: value for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key != "categories"
    }
    data.update({"name": "张小明", "categories": [], "_save": "1"})
    for prefix in ("guardians", "assessments", "referrals"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:cases_child_change", args=[child_a.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    child_a.refresh_from_db()
    assert child_a.name == "张小明" and "zhangxiaoming" in child_a.name_pinyin and child_a.version == version_before + 1


def test_admin_cannot_add_a_child_or_change_its_status(client, admin_editor, child_a):
    client.force_login(admin_editor)
    assert client.get(reverse("admin:cases_child_add")).status_code == 403
    form = client.get(reverse("admin:cases_child_change", args=[child_a.pk])).context["adminform"].form
    assert "status" not in form.fields and "tier" not in form.fields


def test_every_child_field_the_admin_offers_is_one_its_save_keeps(client, admin_editor, child_a):
    """The admin saves through update_child, which saves the portal form's fields only: a field offered beyond those
    would take the user's input and silently drop it."""
    from cases.services.children import DETAILS

    client.force_login(admin_editor)
    form = client.get(reverse("admin:cases_child_change", args=[child_a.pk])).context["adminform"].form
    assert set(form.fields) - {"categories", "version"} <= set(DETAILS)  # version: the one the page was opened at
