"""The access chokepoint, role by role (DESIGN.md §1)."""

import pytest

from cases.selectors import children_visible_to, get_child_for_user
from registry.access import (
    can_change_some_village,
    can_change_village,
    can_see_full_identifiers,
    offices_of,
    villages_changeable_by,
    villages_visible_to,
)
from registry.models import Office
from registry.services import revoke_village_access

pytestmark = pytest.mark.django_db


def test_leadership_and_station_see_every_village(leader, station_user, village_a, village_b):
    for user in (leader, station_user):
        assert set(villages_visible_to(user)) == {village_a, village_b}


def test_only_station_changes_every_village(leader, station_user, village_a, village_b):
    assert set(villages_changeable_by(station_user)) == {village_a, village_b}
    assert list(villages_changeable_by(leader)) == []


def test_director_sees_and_changes_only_own_village(director_a, village_a, village_b):
    assert list(villages_visible_to(director_a)) == [village_a]
    assert list(villages_changeable_by(director_a)) == [village_a]


def test_can_change_village_agrees_with_the_changeable_villages(leader, station_user, director_a, village_a, village_b,
                                                                 django_assert_num_queries):
    assert can_change_village(director_a, village_a.pk)
    assert not can_change_village(director_a, village_b.pk)
    assert not can_change_village(leader, village_a.pk)
    station = type(station_user).objects.get(pk=station_user.pk)  # as in a new request: roles not read yet
    with django_assert_num_queries(1):  # the station's roles; every village is the station's to change
        assert can_change_village(station, village_b.pk)
        assert can_change_village(station, village_a.pk)


def test_only_station_and_directors_may_change_some_village(leader, station_user, director_a, hotline_user, village_a):
    assert can_change_some_village(station_user) and can_change_some_village(director_a)
    assert not can_change_some_village(leader) and not can_change_some_village(hotline_user)
    revoke_village_access(user=director_a, village=village_a)
    assert not can_change_some_village(type(director_a).objects.get(pk=director_a.pk))


def test_director_cannot_see_other_village_children(director_a, child_a, child_b):
    assert list(children_visible_to(director_a)) == [child_a]
    from django.http import Http404

    with pytest.raises(Http404):
        get_child_for_user(director_a, child_b.pk)


def test_revoked_director_loses_the_village(director_a, village_a, child_a):
    revoke_village_access(user=director_a, village=village_a)
    director_a.refresh_from_db()
    assert list(children_visible_to(director_a)) == []


@pytest.mark.parametrize("fixture", ["hotline_user", "police_user", "school_user", "admin_account"])
def test_non_village_roles_see_no_village_and_no_child(request, fixture, village_a, child_a):
    user = request.getfixturevalue(fixture)
    assert list(villages_visible_to(user)) == []
    assert list(children_visible_to(user)) == []


def test_office_user_reaches_only_own_office(police_user, school_user):
    assert list(offices_of(police_user)) == [Office.objects.get(code="police")]
    assert list(offices_of(school_user)) == [Office.objects.get(code="school")]


def test_office_user_reaches_villages_only_when_granted(police_user, village_a):
    from registry.services import grant_village_access

    assert list(villages_visible_to(police_user)) == []
    grant_village_access(user=police_user, village=village_a)
    police_user.refresh_from_db()
    assert list(villages_visible_to(police_user)) == [village_a]


def test_inactive_user_sees_nothing(director_a, child_a):
    director_a.is_active = False
    director_a.save()
    assert list(children_visible_to(director_a)) == []


def test_superuser_flag_grants_no_children(village_a, child_a):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert list(children_visible_to(root)) == []


def test_only_station_sees_full_identifiers(all_role_users):
    allowed = {name for name, user in all_role_users.items() if can_see_full_identifiers(user)}
    assert allowed == {"station_user"}


def test_director_get_child_for_change_in_other_village_is_404(director_b, child_a):
    from django.http import Http404

    with pytest.raises(Http404):
        get_child_for_user(director_b, child_a.pk, perm="change")


def test_leader_may_view_but_not_change_a_child(leader, child_a):
    from django.core.exceptions import PermissionDenied

    assert get_child_for_user(leader, child_a.pk) == child_a
    with pytest.raises(PermissionDenied):
        get_child_for_user(leader, child_a.pk, perm="change")
