"""A referral the station re-routes (改派) away from an office, pending there or returned by it: the office is told,
and what its staff were sent about the referral loses its link (the page now answers 404 for them); the new office
gets a link it may open; nobody else's notifications change. Referral notices go to an office's staff as the pages
find them (registry.selectors.staff_of), not to whoever is left in its group."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from cases.models import Referral
from cases.services import create_referral, reroute_referral, return_referral
from registry.models import Notification
from registry.roles import Role
from registry.services import add_role, grant_office_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(director_a, station_user, school_user, police_user, child_a, school):
    """Made by 甲村's director, pending at the school (whose staff were told, with a link)."""
    return create_referral(by=director_a, child=child_a, office=school, reason="请落实控辍保学")


def _detail(referral):
    return reverse("cases:referral_detail", args=[referral.pk])


def _notes(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def _everyone_elses(user):
    return list(Notification.objects.exclude(recipient=user).order_by("pk").values_list("pk", "recipient", "url",
                                                                                       "title", "read_at"))


def _reroute(by, referral, office):
    referral = Referral.objects.get(pk=referral.pk)
    return reroute_referral(by=by, referral=referral, version=referral.version, office=office, reason="应由派出所办理")


@pytest.mark.parametrize("returned_first", [False, True], ids=["pending", "returned"])
def test_the_old_office_is_told_of_a_reroute_and_its_notifications_lose_the_link_that_would_404(
        client, referral, returned_first, station_user, director_a, school_user, police_user, police):
    if returned_first:
        return_referral(by=school_user, referral=referral, version=referral.version, reason="非本部门职责")
    [new_referral_note] = _notes(school_user)
    assert new_referral_note.url == _detail(referral)
    others_before = _everyone_elses(school_user)

    _reroute(station_user, referral, police)

    client.force_login(school_user)
    page = client.get(reverse("registry:notifications"))
    assert page.status_code == 200 and _detail(referral) not in page.content.decode()
    old, moved = _notes(school_user)
    assert (old.pk, old.title, old.url) == (new_referral_note.pk, "新的帮扶转介", "")
    assert (moved.title, moved.url) == ("转介已改派", "") and f"转介 {referral.pk} 已由工作站改派至派出所" in moved.body
    response = client.get(reverse("registry:notification_open", args=[old.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("registry:notifications"), 302)]
    assert client.get(_detail(referral)).status_code == 404  # why the link had to go

    [police_note] = _notes(police_user)
    assert (police_note.title, police_note.url) == ("新的帮扶转介", _detail(referral))
    assert _everyone_elses(school_user) == others_before + [
        (police_note.pk, police_user.pk, _detail(referral), "新的帮扶转介", None)]
    client.force_login(police_user)
    assert client.get(reverse("registry:notification_open", args=[police_note.pk]), follow=True).status_code == 200


def test_old_office_staff_who_may_still_open_the_referral_keep_their_link(
        client, referral, station_user, school_user, police):
    grant_office_access(user=school_user, office=police)  # staff of both offices
    _reroute(station_user, referral, police)
    links = [note.url for note in _notes(school_user) if note.title == "新的帮扶转介"]
    assert links == [_detail(referral), _detail(referral)]  # the school's notice and the police's
    client.force_login(school_user)
    assert client.get(_detail(referral)).status_code == 200


@pytest.mark.parametrize("fixture", ["director_a", "school_user", "police_user", "leader"])
def test_a_reroute_by_anyone_but_the_station_is_refused_and_no_notification_changes(
        client, request, fixture, referral, police):
    before = list(Notification.objects.order_by("pk").values_list("pk", "recipient", "url", "title", "read_at"))
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("cases:referral_station_action", args=[referral.pk, "reroute"]),
                           {"office": police.pk, "reason": "应由派出所办理", "version": referral.version})
    assert response.status_code == 403
    assert list(Notification.objects.order_by("pk").values_list("pk", "recipient", "url", "title", "read_at")) == before
    referral.refresh_from_db()
    assert (referral.office.code, referral.status, referral.version) == ("school", Referral.Status.PENDING, 1)


# --- an office's staff: as the pages find them ---------------------------------------------------------------------

def _former_member(username, office):
    """Given the office by the portal, then the office role taken away (left in the office's group)."""
    user = UserFactory(username=username)
    grant_office_access(user=user, office=office)
    user.groups.remove(Group.objects.get(name=Role.OFFICE.value))
    return user


def _given_alone(username, office):
    """The office role, and the office given on its admin's object permissions page (no office group)."""
    user = UserFactory(username=username)
    add_role(user=user, role=Role.OFFICE)
    assign_perm("registry.view_office", user, office)
    return user


def test_a_referral_tells_the_staff_given_the_office_alone_not_a_former_member_left_in_its_group(
        client, director_a, child_a, school):
    former, given_alone = _former_member("former_teacher", school), _given_alone("teacher_by_object_perm", school)
    referral = create_referral(by=director_a, child=child_a, office=school, reason="请落实控辍保学",
                               require_staff=True)
    assert _notes(former) == []
    [note] = _notes(given_alone)
    assert note.url == _detail(referral)
    client.force_login(given_alone)
    assert client.get(note.url).status_code == 200


def test_an_office_whose_only_group_member_lost_the_office_role_has_no_staff_to_refer_to(director_a, child_a, school):
    former = _former_member("former_teacher", school)
    with pytest.raises(ValidationError, match="该部门暂无账号"):
        create_referral(by=director_a, child=child_a, office=school, reason="请落实控辍保学", require_staff=True)
    assert not Referral.objects.exists() and _notes(former) == []


def test_a_reroute_tells_the_old_offices_staff_not_a_former_member_left_in_its_group(
        referral, station_user, school, police):
    former = _former_member("former_teacher", school)
    _reroute(station_user, referral, police)
    assert _notes(former) == []
