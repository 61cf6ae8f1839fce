"""Opening a child's file in the Django admin is logged like the portal's child page (DESIGN.md §3): the change
page, the history and a past version of the child or of one of its records; a refused request logs nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AccessLog
from cases.models import RiskAssessment, RiskTier
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_reader(leader):
    perms = Permission.objects.filter(content_type__app_label__in=["cases", "visits"], codename__startswith="view")
    leader.user_permissions.add(*perms)
    return leader


def views():
    return list(AccessLog.objects.filter(action=AccessLog.Action.VIEW).values_list(
        "username", "object_type", "object_ids", "detail"))


def test_child_change_and_history_pages_are_logged(client, admin_reader, child_a):
    client.force_login(admin_reader)
    response = client.get(reverse("admin:cases_child_change", args=[child_a.pk]))
    assert response.status_code == 200 and child_a.name in response.content.decode()
    assert views() == [("leader", "child", [child_a.pk], "admin")]

    response = client.get(reverse("admin:cases_child_history", args=[child_a.pk]))
    assert response.status_code == 200 and child_a.name in response.content.decode()
    assert views()[0] == ("leader", "child", [child_a.pk], "admin history")

    version = child_a.history.earliest("history_date")
    response = client.get(reverse("admin:cases_child_simple_history", args=[child_a.pk, version.history_id]))
    assert response.status_code == 200
    assert views()[0] == ("leader", "child", [child_a.pk], "admin history") and len(views()) == 3


def test_related_records_log_their_child(client, admin_reader, child_a):
    assessment = RiskAssessment.objects.create(child=child_a, tier=RiskTier.GREEN)
    client.force_login(admin_reader)
    assert client.get(reverse("admin:cases_riskassessment_change", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("admin:cases_riskassessment_history", args=[assessment.pk])).status_code == 200
    assert views() == [("leader", "child", [child_a.pk], "admin riskassessment history"),
                       ("leader", "child", [child_a.pk], "admin riskassessment")]


def test_home_visit_page_logs_its_child(client, admin_reader, child_a):
    from visits.models import HomeVisit

    visit = HomeVisit.objects.create(child=child_a, visited_on=child_a.registered_on, visitors="走访人")
    client.force_login(admin_reader)
    assert client.get(reverse("admin:visits_homevisit_change", args=[visit.pk])).status_code == 200
    assert views() == [("leader", "child", [child_a.pk], "admin homevisit")]


def test_list_pages_are_not_logged_as_a_view(client, admin_reader, child_a):
    client.force_login(admin_reader)
    assert client.get(reverse("admin:cases_child_changelist")).status_code == 200
    assert views() == []


def test_user_without_view_permission_is_refused_and_nothing_is_logged(client, leader, child_a):
    client.force_login(leader)  # staff, may see every child, but has no admin permission on children
    assert client.get(reverse("admin:cases_child_change", args=[child_a.pk])).status_code == 403
    assert client.get(reverse("admin:cases_child_history", args=[child_a.pk])).status_code == 403
    assert views() == []


@pytest.mark.parametrize("fixture", ["admin_account", "director_a", "station_user"])
def test_users_refused_by_the_admin_log_nothing(client, request, fixture, child_a):
    client.force_login(request.getfixturevalue(fixture))
    for name in ("admin:cases_child_change", "admin:cases_child_history"):
        response = client.get(reverse(name, args=[child_a.pk]))
        assert response.status_code in (302, 403) and child_a.name not in response.content.decode()
    assert views() == []


def test_history_of_a_child_the_user_may_not_see_is_not_shown(client, child_a):
    """simple_history falls back to the history table when the record is not in get_queryset: the superuser flag,
    which sees no children in the admin, must not read a child's file through its history pages either."""
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    version = child_a.history.earliest("history_date")
    for url in (reverse("admin:cases_child_history", args=[child_a.pk]),
                reverse("admin:cases_child_simple_history", args=[child_a.pk, version.history_id])):
        response = client.get(url)
        assert response.status_code == 302 and child_a.name not in response.content.decode()
    assert views() == []


def test_a_search_of_the_childrens_admin_list_is_logged_with_the_children_shown(client, admin_reader, child_a,
                                                                                 child_b):
    client.force_login(admin_reader)
    assert client.get(reverse("admin:cases_child_changelist")).status_code == 200
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()  # browsing is not a search
    response = client.get(reverse("admin:cases_child_changelist"), {"q": child_a.name})
    assert response.status_code == 200 and child_a.name in response.content.decode()
    log = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert (log.username, log.object_type, log.object_ids, log.detail) == ("leader", "child", [child_a.pk], "admin")


def test_a_refused_admin_search_logs_nothing(client, director_a, child_a):
    client.force_login(director_a)
    response = client.get(reverse("admin:cases_child_changelist"), {"q": child_a.name})
    assert response.status_code in (302, 403) and child_a.name not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()
