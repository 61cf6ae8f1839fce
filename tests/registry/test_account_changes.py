"""Changes to what an account may do, made in the Django admin, are never silent: logged, told to the leadership
group, and nobody changes their own account's access."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from registry.models import Notification, User
from registry.roles import Role
from registry.services import role_group, village_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(org):
    return UserFactory(username="clerk", real_name="新来的")


def _account_form(user: User, *, groups) -> dict:
    """The admin's change form of `user` as it would be sent, with `groups` chosen."""
    joined = timezone.localtime(user.date_joined)
    return {
        "username": user.username, "real_name": user.real_name, "phone": "", "office": "", "language": "",
        "is_active": "on", "groups": [group.pk for group in groups],
        "date_joined_0": joined.date().isoformat(), "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "", "last_login_1": "",
    }


def _change(client, user, groups):
    return client.post(reverse("admin:registry_user_change", args=[user.pk]), _account_form(user, groups=groups))


def test_giving_an_account_the_stations_role_is_logged_and_told_to_the_leadership(
    client, admin_account, leader, clerk, village_a
):
    client.force_login(admin_account)
    response = _change(client, clerk, [role_group(Role.STATION), village_group(village_a)])
    assert response.status_code == 302
    assert set(clerk.groups.values_list("name", flat=True)) == {"station", "village:va"}
    log = AccessLog.objects.get(action=AccessLog.Action.ACCOUNT)
    assert (log.user, log.object_type, log.object_ids) == (admin_account, "user", [clerk.pk])
    assert log.detail == "+station +village:va"
    note = Notification.objects.get(recipient=leader)
    assert note.title == "账号权限变更：新来的"
    assert "工作站" in note.body and "儿童主任 · 甲村" in note.body and "admin" in note.body
    client.force_login(leader)
    assert client.get(note.url).status_code == 200 and "+station +village:va" in client.get(note.url).content.decode()


def test_removing_a_role_is_reported_too(client, admin_account, leader, clerk):
    clerk.groups.add(role_group(Role.STATION))
    client.force_login(admin_account)
    assert _change(client, clerk, []).status_code == 302
    assert AccessLog.objects.get(action=AccessLog.Action.ACCOUNT).detail == "-station"
    assert "移除：工作站" in Notification.objects.get(recipient=leader).body


def test_switching_a_directors_account_off_and_on_again_is_logged_and_told(client, admin_account, leader,
                                                                          director_a):
    groups = list(director_a.groups.all())
    form = _account_form(director_a, groups=groups)
    form.pop("is_active")
    client.force_login(admin_account)
    assert client.post(reverse("admin:registry_user_change", args=[director_a.pk]), form).status_code == 302
    assert AccessLog.objects.get(action=AccessLog.Action.ACCOUNT).detail == "-is_active"
    assert "移除：账号启用" in Notification.objects.get(recipient=leader).body

    director_a.refresh_from_db()
    assert _change(client, director_a, groups).status_code == 302  # on again: its village's files readable again
    assert list(AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT).values_list("detail", flat=True)) == [
        "+is_active", "-is_active"]
    assert "增加：账号启用" in Notification.objects.filter(recipient=leader).first().body


def test_nobody_switches_their_own_account_off(client, admin_account):
    form = _account_form(admin_account, groups=list(admin_account.groups.all()))
    form.pop("is_active")
    client.force_login(admin_account)
    response = client.post(reverse("admin:registry_user_change", args=[admin_account.pk]), form)
    assert response.status_code == 200 and "不能修改自己账号的角色和权限" in response.content.decode()
    admin_account.refresh_from_db()
    assert admin_account.is_active


def test_an_edit_that_leaves_the_access_alone_reports_nothing(client, admin_account, leader, clerk):
    clerk.groups.add(role_group(Role.HOTLINE))
    client.force_login(admin_account)
    assert _change(client, clerk, [role_group(Role.HOTLINE)]).status_code == 302
    assert not AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT).exists()
    assert not Notification.objects.exists()


def test_nobody_changes_their_own_accounts_access(client, admin_account, leader):
    client.force_login(admin_account)
    before = set(admin_account.groups.all())
    response = _change(client, admin_account, [*before, role_group(Role.STATION)])
    assert response.status_code == 200 and "不能修改自己账号的角色和权限" in response.content.decode()
    assert set(admin_account.groups.all()) == before
    assert not Notification.objects.exists()


def test_guardian_object_permission_granted_on_a_village_is_reported(client, admin_account, leader, clerk, village_a):
    client.force_login(admin_account)
    url = reverse("admin:registry_village_permissions_manage_user", args=[village_a.pk, clerk.pk])
    response = client.post(url, {"permissions": ["view_village", "change_village"]})
    assert response.status_code == 302 and clerk.has_perm("registry.change_village", village_a)
    log = AccessLog.objects.get(action=AccessLog.Action.ACCOUNT)
    assert log.detail == "+change_village · 甲村 +view_village · 甲村"
    assert Notification.objects.filter(recipient=leader, title="账号权限变更：新来的").exists()


def test_a_group_object_permission_is_reported_with_the_group(client, admin_account, leader, village_a):
    group = Group.objects.create(name="临时组")
    client.force_login(admin_account)
    url = reverse("admin:registry_village_permissions_manage_group", args=[village_a.pk, group.pk])
    assert client.post(url, {"permissions": ["view_village"]}).status_code == 302
    log = AccessLog.objects.get(action=AccessLog.Action.ACCOUNT)
    assert (log.object_type, log.object_ids, log.detail) == ("group", [group.pk], "+view_village · 甲村")


def test_nobody_grants_themselves_object_permissions(client, admin_account, village_a):
    client.force_login(admin_account)
    url = reverse("admin:registry_village_permissions_manage_user", args=[village_a.pk, admin_account.pk])
    assert client.post(url, {"permissions": ["change_village"]}).status_code == 403
    assert not admin_account.has_perm("registry.change_village", village_a)
    assert not AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT).exists()


@pytest.mark.parametrize("fixture", ["station_user", "director_a", "hotline_user"])
def test_portal_roles_cannot_change_accounts_in_the_admin(client, request, clerk, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = _change(client, clerk, [role_group(Role.STATION)])
    assert response.status_code in (302, 403)  # not staff: to the admin's login page
    assert not clerk.groups.exists() and not AccessLog.objects.filter(action=AccessLog.Action.ACCOUNT).exists()
