"""A call's hand-off always reaches someone who may act: handed to a village without a child director, or an office
without staff (as the pages find them, registry.selectors), it goes to the station, saying why, once."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from hotline.services import link_child, log_call, update_call
from registry.models import Notification, Office
from registry.roles import Role
from registry.services import add_role, grant_office_access, grant_village_access
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

FORWARDED = "已转工作站处理"  # the note the station's copy carries (registry.outbox.for_station)
FIELDS = {"call_type": "report", "caller_relation": "neighbour", "caller_phone": "13911112222", "urgency": "urgent",
          "summary": "邻居反映孩子长期无人照看"}


def _call(hotline_user, **extra):
    return log_call(by=hotline_user, received_at=timezone.now() - dt.timedelta(minutes=5), **{**FIELDS, **extra})


def _notes(user):
    return list(Notification.objects.filter(recipient=user))


def _home_visit_linked_to(hotline_user, child):
    call = _call(hotline_user, action="home_visit")
    Notification.objects.all().delete()  # the station's "no child linked yet" hand-off
    link_child(call=call, child=child)
    return call


def test_a_home_visit_in_a_village_without_a_director_goes_to_the_station_saying_why(
    client, hotline_user, station_user, director_a, village_b
):
    child = ChildFactory(village=village_b)  # director_a works for 甲村 only
    call = _home_visit_linked_to(hotline_user, child)
    [note] = _notes(station_user)
    assert note.title == "热线来电：请派员入户" and f"档案 {child.pk}" in note.body and FORWARDED in note.body
    assert child.name not in note.body and FIELDS["caller_phone"] not in note.body
    assert note.url == reverse("hotline:detail", args=[call.pk])
    assert _notes(director_a) == [] and _notes(hotline_user) == []
    client.force_login(station_user)
    assert client.get(note.url).status_code == 200


def test_a_home_visit_in_a_village_whose_only_member_lost_the_director_role_goes_to_the_station(
    hotline_user, station_user, child_a
):
    former = UserFactory(username="former_director")
    grant_village_access(user=former, village=child_a.village)
    former.groups.remove(Group.objects.get(name=Role.DIRECTOR.value))
    _home_visit_linked_to(hotline_user, child_a)
    assert _notes(former) == []
    assert FORWARDED in _notes(station_user)[0].body


def test_a_home_visit_reaches_a_director_given_the_village_alone_not_the_station(hotline_user, station_user,
                                                                                 child_a):
    director = UserFactory(username="director_by_object_perm")
    add_role(user=director, role=Role.DIRECTOR)
    assign_perm("registry.view_village", director, child_a.village)
    assign_perm("registry.change_village", director, child_a.village)
    _home_visit_linked_to(hotline_user, child_a)
    assert len(_notes(director)) == 1 and _notes(station_user) == []


def test_a_call_referred_to_an_office_without_staff_goes_to_the_station_saying_why_once(
    client, hotline_user, station_user, police_user
):
    school = Office.objects.get(code="school")
    call = _call(hotline_user, action="referred", office=school)
    [note] = _notes(station_user)
    assert note.title == "热线来电转介至" + school.name and f"#{call.pk}" in note.body and FORWARDED in note.body
    assert _notes(police_user) == [] and _notes(hotline_user) == []
    client.force_login(station_user)
    assert school.name in client.get(note.url).content.decode()  # the call's page names the office
    update_call(call=call, by=hotline_user, version=call.version, office=school, action="referred",
                **{**FIELDS, "summary": "补充内容"})
    assert len(_notes(station_user)) == 1  # the same hand-off: not told again


def test_a_call_referred_to_an_office_whose_only_member_lost_the_office_role_goes_to_the_station(
    hotline_user, station_user, org
):
    former = UserFactory(username="former_teacher")
    grant_office_access(user=former, office=Office.objects.get(code="school"))
    former.groups.remove(Group.objects.get(name=Role.OFFICE.value))
    _call(hotline_user, action="referred", office=Office.objects.get(code="school"))
    assert _notes(former) == []
    assert FORWARDED in _notes(station_user)[0].body


def test_a_call_referred_to_a_staffed_office_is_not_copied_to_the_station(hotline_user, station_user, police_user):
    _call(hotline_user, action="referred", office=Office.objects.get(code="police"))
    assert len(_notes(police_user)) == 1 and FORWARDED not in _notes(police_user)[0].body
    assert _notes(station_user) == []
