"""Reminders reach exactly those the pages let act (registry.selectors): a village's child directors (the director
role and change_village on it, through a group or given alone on the admin's object permissions page) and an
office's staff (the office role and view_office on it). A member of the village's or office's group who lost the
role is not told; when nobody may act, the station is, and told why."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases.models import Child, Referral
from cases.reassessment import run_reminder_pass as reassessment_pass
from cases.reminders import run_reminder_pass as referral_pass
from registry.models import Notification, Office
from registry.outbox import group_members
from registry.roles import Role
from registry.selectors import director_counts, directors_by_village, directors_of, staff_of
from registry.services import add_role, grant_office_access, grant_village_access
from tests.factories import UserFactory
from visits.reminders import run_reminder_pass as visit_pass

pytestmark = pytest.mark.django_db

FORWARDED = "已转工作站处理"  # the note the station's copy carries (registry.outbox.for_station)


@pytest.fixture
def today():
    return timezone.localdate()


def _due_for_a_visit(child: Child, today: dt.date) -> Child:
    Child.objects.filter(pk=child.pk).update(next_visit_due=today, tier="green",
                                             last_visit_on=today - dt.timedelta(days=90))
    return child


def _overdue_referral(child: Child, office: str, today: dt.date) -> Referral:
    return Referral.objects.create(child=child, office=Office.objects.get(code=office), reason="监护缺失，请核查",
                                   due_date=today - dt.timedelta(days=1))


def _notes(user):
    return list(Notification.objects.filter(recipient=user))


def _former(username: str, *, village=None, office=None) -> object:
    """A user the portal gave a village or an office, whose role the admin then took away (their group kept)."""
    user = UserFactory(username=username)
    if village:
        grant_village_access(user=user, village=village)
        user.groups.remove(Group.objects.get(name=Role.DIRECTOR.value))
    else:
        grant_office_access(user=user, office=office)
        user.groups.remove(Group.objects.get(name=Role.OFFICE.value))
    return user


def _given_alone(username: str, village, *roles: Role, perms=("view_village", "change_village")):
    """A user given the village on its admin's object permissions page (user-level, no village group)."""
    user = UserFactory(username=username)
    for role in roles:
        add_role(user=user, role=role)
    for perm in perms:
        assign_perm(f"registry.{perm}", user, village)
    return user


def test_a_former_director_left_in_the_village_group_is_not_reminded_its_director_is(
    client, director_a, station_user, child_a, today
):
    former = _former("former_director", village=child_a.village)
    _due_for_a_visit(child_a, today)
    visit_pass(today=today)
    assert _notes(former) == [] and _notes(station_user) == []
    [note] = _notes(director_a)
    client.force_login(director_a)
    assert client.get(note.url).status_code == 200


def test_a_village_whose_only_group_member_lost_the_director_role_reminds_the_station(
    client, station_user, child_a, today
):
    former = _former("former_director", village=child_a.village)
    _due_for_a_visit(child_a, today)
    visit_pass(today=today)
    assert _notes(former) == []
    [note] = _notes(station_user)
    assert f"档案 {child_a.pk}" in note.title and FORWARDED in note.body
    client.force_login(station_user)
    assert client.get(note.url).status_code == 200


def test_a_reassessment_reminder_skips_a_former_director_and_reaches_the_station(station_user, child_a, today,
                                                                                 settings):
    settings.CASES_REASSESS_DAYS = 183
    former = _former("former_director", village=child_a.village)
    assessed_on = today - dt.timedelta(days=184)
    Child.objects.filter(pk=child_a.pk).update(last_assessed_on=assessed_on,
                                               registered_on=assessed_on - dt.timedelta(days=30))
    reassessment_pass(today=today)
    assert _notes(former) == []
    [note] = _notes(station_user)
    assert f"档案 {child_a.pk}" in note.title and FORWARDED in note.body


def test_a_former_office_member_left_in_the_office_group_is_not_reminded_its_staff_are(
    client, police_user, station_user, child_a, today
):
    former = _former("former_police", office=Office.objects.get(code="police"))
    referral = _overdue_referral(child_a, "police", today)
    referral_pass(today=today)
    assert _notes(former) == [] and _notes(station_user) == []
    [note] = _notes(police_user)
    assert note.url == reverse("cases:referral_detail", args=[referral.pk])
    client.force_login(police_user)
    assert client.get(note.url).status_code == 200


def test_an_office_whose_only_group_member_lost_the_office_role_reminds_the_station(station_user, child_a, today):
    former = _former("former_teacher", office=Office.objects.get(code="school"))
    referral = _overdue_referral(child_a, "school", today)
    referral_pass(today=today)
    assert _notes(former) == []
    [note] = _notes(station_user)
    assert str(referral.pk) in note.title and FORWARDED in note.body


def test_a_director_given_the_village_alone_on_the_admin_page_is_reminded_and_may_open_the_child(
    client, station_user, village_a, child_a, today
):
    director = _given_alone("director_by_object_perm", village_a, Role.DIRECTOR)
    _due_for_a_visit(child_a, today)
    visit_pass(today=today)
    [note] = _notes(director)
    assert FORWARDED not in note.body and _notes(station_user) == []
    client.force_login(director)
    assert client.get(note.url).status_code == 200


def test_a_director_given_the_village_alone_is_one_of_its_directors_on_every_page(village_a, village_b, director_a):
    director = _given_alone("director_by_object_perm", village_a, Role.DIRECTOR)
    assert set(directors_of([village_a.pk])) == {director_a, director}
    assert not directors_of([village_b.pk]).exists()
    assert set(directors_by_village([village_a.pk, village_b.pk])[village_a.pk]) == {director_a, director}
    assert director_counts([village_a.pk, village_b.pk]) == {village_a.pk: 2}


@pytest.mark.parametrize("roles, perms", [
    ((), ("view_village", "change_village")),  # not a child director: the village's pages are closed to them
    ((Role.DIRECTOR,), ("view_village",)),  # may read the village's files, not file a visit
])
def test_someone_given_the_village_alone_who_may_not_act_is_not_reminded(
    client, station_user, village_a, child_a, today, roles, perms
):
    user = _given_alone("not_a_director", village_a, *roles, perms=perms)
    _due_for_a_visit(child_a, today)
    visit_pass(today=today)
    assert _notes(user) == [] and directors_of([village_a.pk]).count() == 0
    assert FORWARDED in _notes(station_user)[0].body


def test_office_staff_given_the_office_alone_are_reminded_and_may_open_the_referral(client, station_user, child_a,
                                                                                   today):
    school = Office.objects.get(code="school")
    teacher = UserFactory(username="teacher_by_object_perm")
    add_role(user=teacher, role=Role.OFFICE)
    assign_perm("registry.view_office", teacher, school)
    _overdue_referral(child_a, "school", today)
    referral_pass(today=today)
    [note] = _notes(teacher)
    assert FORWARDED not in note.body and _notes(station_user) == []
    assert list(staff_of([school.pk])) == [teacher]
    client.force_login(teacher)
    assert client.get(note.url).status_code == 200


def test_group_members_reads_villages_offices_and_roles_by_name(director_a, director_b, police_user, station_user,
                                                                 hotline_user):
    inactive = UserFactory(username="inactive_police", is_active=False)
    grant_office_access(user=inactive, office=Office.objects.get(code="police"))
    members = group_members({"village:va", "office:police", "office:school", "station", "village:missing"})
    assert dict(members) == {"village:va": [director_a], "office:police": [police_user], "station": [station_user]}
