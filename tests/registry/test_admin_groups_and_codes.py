"""The groups and codes the portal keys on, in the Django admin. Roles are read from group names (User.roles), and
each village's directors and each office's staff are the groups "village:<code>" and "office:<code>": so those groups
keep their names and are never deleted, no other group takes such a name, a village's or office's code is fixed once
made, and a change of a group's permissions is logged and told to the leadership group like an account's."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_group_perms

from audit.models import AccessLog
from cases.models import Child
from cases.services import file_mandatory_report
from registry.models import Notification, Office, User, Village
from registry.roles import Role
from registry.services import grant_office_access, grant_village_access, role_group, village_group
from tests.factories import UserFactory
from visits.reminders import run_reminder_pass

pytestmark = pytest.mark.django_db


def _perm(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group_form(group, *, name=None, perms=None):
    perms = list(group.permissions.values_list("pk", flat=True)) if perms is None else [p.pk for p in perms]
    return {"name": group.name if name is None else name, "permissions": perms}


def _change_group(client, group, **changes):
    return client.post(reverse("admin:auth_group_change", args=[group.pk]), _group_form(group, **changes))


def _add_group(client, name, perms=()):
    return client.post(reverse("admin:auth_group_add"), {"name": name, "permissions": [p.pk for p in perms]})


def _account_logs():
    return AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT)


# --- the portal's own groups ---------------------------------------------------------------------------------------


def test_the_it_admin_cannot_make_itself_the_station_by_renaming_groups(client, admin_account, station_user, leader):
    client.force_login(admin_account)
    station, own = role_group(Role.STATION), role_group(Role.ADMIN)
    page = client.get(reverse("admin:auth_group_change", args=[station.pk]))
    assert page.status_code == 200 and "name" not in page.context["adminform"].form.fields  # shown, not editable
    assert _change_group(client, station, name="old-station").status_code == 302
    assert _change_group(client, own, name="station").status_code == 302
    assert set(Group.objects.filter(pk__in=[station.pk, own.pk]).values_list("name", flat=True)) == {"station", "admin"}
    assert Role.STATION not in User.objects.get(pk=admin_account.pk).roles
    assert Role.STATION in User.objects.get(pk=station_user.pk).roles


@pytest.mark.parametrize("group_of", [
    lambda: role_group(Role.STATION),
    lambda: village_group(Village.objects.get(code="va")),
    lambda: Group.objects.get(name="office:police"),
], ids=["role", "village", "office"])
def test_a_village_office_or_role_group_keeps_its_name_and_is_never_deleted(
    client, admin_account, director_a, police_user, group_of
):
    group = group_of()
    name = group.name
    client.force_login(admin_account)
    assert _change_group(client, group, name="renamed").status_code == 302
    assert client.get(reverse("admin:auth_group_delete", args=[group.pk])).status_code == 403
    assert client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"}
    assert client.post(reverse("admin:auth_group_changelist"), bulk).status_code == 403
    assert Group.objects.get(pk=group.pk).name == name
    assert not _account_logs().exists()


@pytest.mark.parametrize("name", ["station", "Leadership", " admin ", "village:va", "Village:new", "office:police"])
def test_a_new_group_cannot_take_a_name_the_portal_reserves(client, admin_account, village_a, name):
    client.force_login(admin_account)
    before = Group.objects.count()
    response = _add_group(client, name, [_perm("cases", "view_child")])
    assert response.status_code == 200
    assert "是门户自用的组名" in response.content.decode()
    assert Group.objects.count() == before and not _account_logs().exists()


def test_an_ordinary_group_cannot_be_renamed_to_a_reserved_name(client, admin_account):
    group = Group.objects.create(name="档案室")
    client.force_login(admin_account)
    response = _change_group(client, group, name="station")
    assert response.status_code == 200 and "是门户自用的组名" in response.content.decode()
    assert Group.objects.get(pk=group.pk).name == "档案室"


def test_a_villages_group_cannot_be_made_in_the_admin_before_its_first_director(client, admin_account, village_b):
    """village_group() gives the group its permissions on the village only when it creates it: a group made ahead
    of it in the admin would leave the village's directors without them."""
    client.force_login(admin_account)
    assert _add_group(client, "village:vb").status_code == 200
    assert not Group.objects.filter(name="village:vb").exists()
    director = UserFactory(username="new-director")
    grant_village_access(user=director, village=village_b)
    assert set(get_group_perms(village_group(village_b), village_b)) == {"view_village", "change_village"}
    assert director.has_perm("registry.view_village", village_b)


def test_the_portal_still_makes_the_groups_of_a_new_village_and_office(client, leader):
    client.force_login(leader)
    response = client.post(reverse("admin:registry_village_add"),
                           {"name": "丙村", "kind": "village", "code": "vc", "order": 5})
    assert response.status_code == 302
    response = client.post(reverse("admin:registry_office_add"), {
        "name_zh_hans": "档案馆", "name_en": "Archives", "duties_zh_hans": "", "duties_en": "", "code": "archives",
        "order": 20})
    assert response.status_code == 302
    village, office = Village.objects.get(code="vc"), Office.objects.get(code="archives")
    staff = UserFactory(username="new-staff")
    grant_village_access(user=staff, village=village)
    grant_office_access(user=staff, office=office)
    assert {"village:vc", "office:archives"} <= set(staff.groups.values_list("name", flat=True))
    assert staff.has_perm("registry.change_village", village) and staff.has_perm("registry.view_office", office)


# --- a group's permissions: never changed silently ------------------------------------------------------------------


def test_the_admin_creates_an_ordinary_group_with_permissions_and_the_leadership_is_told(client, admin_account, leader):
    client.force_login(admin_account)
    assert _add_group(client, "档案室", [_perm("cases", "view_child")]).status_code == 302
    group = Group.objects.get(name="档案室")
    assert list(group.permissions.values_list("codename", flat=True)) == ["view_child"]
    log = _account_logs().get()
    assert (log.user, log.object_type, log.object_ids, log.detail) == (
        admin_account, "group", [group.pk], "+perm:cases.view_child")
    note = Notification.objects.get(recipient=leader)
    assert note.title == "账号权限变更：档案室"
    assert "增加：权限 cases.view_child" in note.body and "admin" in note.body
    client.force_login(leader)
    assert "+perm:cases.view_child" in client.get(note.url).content.decode()


def test_a_permission_added_to_a_role_group_is_logged_and_told_to_the_leadership(client, admin_account, leader):
    group = role_group(Role.LEADERSHIP)
    client.force_login(admin_account)
    response = _change_group(client, group, perms=[*group.permissions.all(), _perm("cases", "view_child")])
    assert response.status_code == 302
    assert group.permissions.filter(codename="view_child").exists()
    assert _account_logs().get().detail == "+perm:cases.view_child"
    assert Notification.objects.filter(recipient=leader, title="账号权限变更：leadership").exists()


def test_removing_a_groups_permissions_or_deleting_it_is_reported(client, admin_account, leader):
    group = Group.objects.create(name="档案室")
    group.permissions.add(_perm("cases", "view_child"), _perm("registry", "view_village"))
    client.force_login(admin_account)
    assert _change_group(client, group, perms=[_perm("registry", "view_village")]).status_code == 302
    assert client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert list(_account_logs().order_by("pk").values_list("object_type", "object_ids", "detail")) == [
        ("group", [group.pk], "-perm:cases.view_child"), ("group", [group.pk], "-perm:registry.view_village")]
    assert Notification.objects.filter(recipient=leader).count() == 2


def test_deleting_groups_in_bulk_is_reported(client, admin_account, leader):
    group = Group.objects.create(name="档案室")
    group.permissions.add(_perm("cases", "view_child"))
    client.force_login(admin_account)
    bulk = {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"}
    assert client.post(reverse("admin:auth_group_changelist"), bulk).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert _account_logs().get().detail == "-perm:cases.view_child"


def test_an_edit_that_leaves_a_groups_permissions_alone_reports_nothing(client, admin_account, leader):
    group = Group.objects.create(name="档案室")
    client.force_login(admin_account)
    assert _change_group(client, group, name="资料室").status_code == 302
    assert Group.objects.get(pk=group.pk).name == "资料室"
    assert not _account_logs().exists() and not Notification.objects.exists()


def test_nobody_changes_the_permissions_of_their_own_group(client, admin_account, leader):
    own = role_group(Role.ADMIN)
    before = set(own.permissions.all())
    client.force_login(admin_account)
    response = _change_group(client, own, perms=[*before, _perm("cases", "view_child")])
    assert response.status_code == 200 and "不能修改自己所在组的权限" in response.content.decode()
    assert set(own.permissions.all()) == before
    assert not _account_logs().exists() and not Notification.objects.exists()


def test_the_leadership_uses_the_admin_but_does_not_manage_groups(client, leader):
    client.force_login(leader)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert _add_group(client, "档案室").status_code == 403
    assert not Group.objects.filter(name="档案室").exists()


# --- the codes the portal keys on ------------------------------------------------------------------------------------


def _office_form(office, **changes):
    return {"name_zh_hans": office.name_zh_hans, "name_en": office.name_en, "duties_zh_hans": office.duties_zh_hans,
            "duties_en": office.duties_en, "code": office.code, "order": office.order, **changes}


@pytest.mark.parametrize("account", ["leader", "admin_account"])
def test_an_offices_code_is_fixed_once_made_and_mandatory_reports_still_reach_the_police(
    client, request, account, station_user, child_a
):
    police = Office.objects.get(code="police")
    client.force_login(request.getfixturevalue(account))
    url = reverse("admin:registry_office_change", args=[police.pk])
    assert "code" not in client.get(url).context["adminform"].form.fields
    assert client.post(url, _office_form(police, code="paichusuo", order=42)).status_code == 302
    police.refresh_from_db()
    assert (police.code, police.order) == ("police", 42)  # the rest of the office is still edited
    file_mandatory_report(by=station_user, child=child_a, reporter_kind="school", situations=["begging"],
                          summary="摘要")


@pytest.mark.parametrize("account", ["leader", "admin_account"])
def test_a_villages_code_is_fixed_once_made_and_its_directors_still_get_their_reminders(
    client, request, account, director_a, child_a, django_capture_on_commit_callbacks
):
    village = Village.objects.get(pk=child_a.village_id)
    client.force_login(request.getfixturevalue(account))
    url = reverse("admin:registry_village_change", args=[village.pk])
    assert "code" not in client.get(url).context["adminform"].form.fields
    form = {"name": "甲村（新）", "kind": village.kind, "code": "jiacun", "order": village.order}
    assert client.post(url, form).status_code == 302
    village.refresh_from_db()
    assert (village.code, village.name) == ("va", "甲村（新）")
    today = timezone.localdate()
    Child.objects.filter(pk=child_a.pk).update(next_visit_due=today - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        run_reminder_pass(today=today)
    assert Notification.objects.filter(recipient=director_a).exists()


def test_the_group_changelist_queries_do_not_grow_with_groups(client, admin_account, django_assert_max_num_queries):
    client.force_login(admin_account)
    url = reverse("admin:auth_group_changelist")

    def grow(n):
        for _ in range(n):
            group = Group.objects.create(name=f"组{Group.objects.count()}")
            group.permissions.add(_perm("cases", "view_child"))
            group.user_set.add(UserFactory())

    def count():
        with django_assert_max_num_queries(100) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    count()  # warm the caches
    grow(2)
    small = count()
    grow(6)
    assert count() == small


@pytest.mark.parametrize("account", ["leader", "admin_account"])
def test_the_police_office_cannot_be_deleted_in_the_admin_one_or_in_bulk(client, request, account, org):
    police = Office.objects.get(code=Office.POLICE)
    client.force_login(request.getfixturevalue(account))
    assert client.get(reverse("admin:registry_office_delete", args=[police.pk])).status_code == 403
    client.post(reverse("admin:registry_office_changelist"),
                {"action": "delete_selected", "_selected_action": [police.pk], "post": "yes"})
    assert Office.objects.filter(code=Office.POLICE).exists()
