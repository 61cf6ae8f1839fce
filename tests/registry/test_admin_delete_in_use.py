"""A village or an office is deleted in the admin only when nothing and nobody depends on it: a workroom, records
or the accounts that work for it keep it, on the delete page and in the bulk "delete selected" alike; what is
deleted takes its empty group with it, so a village made again with that code gives its directors their access."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cases.models import Child
from registry.models import Office, User, Village
from registry.services import grant_office_access, grant_village_access
from tests.factories import ChildFactory, OfficeFactory, UserFactory, VillageFactory
from tests.registry.factories import WorkroomFactory


def _delete(client, model, obj, *, bulk):
    if bulk:
        return client.post(reverse(f"admin:registry_{model}_changelist"),
                           {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    return client.post(reverse(f"admin:registry_{model}_delete", args=[obj.pk]), {"post": "yes"})


@pytest.mark.parametrize("bulk", [False, True])
@pytest.mark.parametrize("account", ["leader", "admin_account"])
def test_a_village_with_a_workroom_is_kept(client, request, account, bulk, village_a):
    workroom = WorkroomFactory(village=village_a)
    client.force_login(request.getfixturevalue(account))
    page = client.get(reverse("admin:registry_village_delete", args=[village_a.pk]))
    assert "未成年人保护工作室" in page.content.decode()
    _delete(client, "village", village_a, bulk=bulk)
    assert Village.objects.filter(pk=village_a.pk).exists()
    workroom.refresh_from_db()
    assert workroom.cadre_name


@pytest.mark.parametrize("bulk", [False, True])
def test_a_village_whose_director_works_there_is_kept_and_named(client, leader, director_a, village_a, bulk):
    client.force_login(leader)
    page = client.get(reverse("admin:registry_village_delete", args=[village_a.pk])).content.decode()
    assert "有访问权限的账号" in page and str(director_a) in page
    _delete(client, "village", village_a, bulk=bulk)
    assert Village.objects.filter(pk=village_a.pk).exists()
    assert director_a.groups.filter(name=f"village:{village_a.code}").exists()


@pytest.mark.parametrize("bulk", [False, True])
def test_an_office_with_staff_is_kept(client, leader, bulk, org):
    office = OfficeFactory(code="newoffice")
    staff = UserFactory(username="staffer")
    grant_office_access(user=staff, office=office)
    client.force_login(leader)
    _delete(client, "office", office, bulk=bulk)
    assert Office.objects.filter(pk=office.pk).exists()
    staff.refresh_from_db()
    assert staff.office == office


def test_an_office_named_on_an_account_only_is_kept(client, leader, org):
    office = OfficeFactory(code="newoffice")
    UserFactory(username="staffer", office=office)
    client.force_login(leader)
    _delete(client, "office", office, bulk=False)
    assert User.objects.get(username="staffer").office == office


def test_a_village_made_by_mistake_is_deleted_with_its_group_and_made_again_works(client, leader, db):
    village = VillageFactory(code="typo", name="错村")
    director = UserFactory(username="someone")
    grant_village_access(user=director, village=village)
    director.groups.remove(Group.objects.get(name="village:typo"))  # the director was moved elsewhere
    client.force_login(leader)
    assert _delete(client, "village", village, bulk=False).status_code == 302
    assert not Village.objects.filter(code="typo").exists()
    assert not Group.objects.filter(name="village:typo").exists()

    again = VillageFactory(code="typo", name="正村")
    grant_village_access(user=director, village=again)
    director = User.objects.get(pk=director.pk)
    assert director.has_perm("registry.change_village", again)


def test_an_unused_office_is_deleted_in_bulk_with_its_group(client, admin_account, org):
    office = OfficeFactory(code="spare")
    staff = UserFactory(username="leaver")
    grant_office_access(user=staff, office=office)
    staff.groups.remove(Group.objects.get(name="office:spare"))
    staff.office = None
    staff.save()
    client.force_login(admin_account)
    _delete(client, "office", office, bulk=True)
    assert not Office.objects.filter(code="spare").exists()
    assert not Group.objects.filter(name="office:spare").exists()


def test_a_director_cannot_open_a_village_delete_page(client, director_a, village_a):
    client.force_login(director_a)
    response = client.get(reverse("admin:registry_village_delete", args=[village_a.pk]))
    assert response.status_code in (302, 403)
    assert village_a.name not in response.content.decode()


def test_a_directors_account_named_on_files_is_kept_by_them(client, admin_account, village_a):
    """An account never signed in (no access-log row keeps it) that the station named 负责儿童主任 on files: deleting
    it would have blanked that on every file; the files protect it (deactivate it instead)."""
    director = UserFactory(username="new_director")
    grant_village_access(user=director, village=village_a)
    children = [ChildFactory(village=village_a, responsible_director=director) for _ in range(2)]
    client.force_login(admin_account)
    client.post(reverse("admin:registry_user_delete", args=[director.pk]), {"post": "yes"})
    assert User.objects.filter(pk=director.pk).exists()
    assert [Child.objects.get(pk=child.pk).responsible_director for child in children] == [director, director]
