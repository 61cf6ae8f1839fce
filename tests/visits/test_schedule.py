"""Due dates from the tier (DESIGN.md §4), re-planning on visits, tier changes and policy changes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Child
from tests.factories import ChildFactory
from visits.models import VisitPolicy
from visits.selectors import max_days_by_tier, policy_fingerprint
from visits.services import next_visit_due, record_visit, replan_child, set_visit_policy

pytestmark = pytest.mark.django_db


def test_default_policy_is_seeded_by_migration():
    assert dict(VisitPolicy.objects.values_list("tier", "max_days")) == {
        "red": 7, "orange": 14, "yellow": 30, "green": 90}


@pytest.mark.parametrize(("tier", "days"), [("red", 7), ("orange", 14), ("yellow", 30), ("green", 90), ("", 90)])
def test_due_date_is_last_visit_plus_tier_interval(child_a, today, tier, days):
    child_a.tier, child_a.last_visit_on = tier, today - dt.timedelta(days=2)
    assert next_visit_due(child_a) == child_a.last_visit_on + dt.timedelta(days=days)


def test_never_visited_child_is_due_within_one_day(child_a, today):
    replan_child(child_a, today=today)
    child_a.refresh_from_db()
    assert child_a.next_visit_due == child_a.urgent_visit_by == today + dt.timedelta(days=1)


def test_closed_case_has_no_due_date(child_a):
    child_a.status = Child.Status.CLOSED
    replan_child(child_a)
    child_a.refresh_from_db()
    assert child_a.next_visit_due is None


def test_moving_to_red_makes_the_child_due_within_one_day(child_a, today):
    child_a.last_visit_on, child_a.tier = today - dt.timedelta(days=1), "red"
    replan_child(child_a, urgent=True)
    child_a.refresh_from_db()
    assert child_a.next_visit_due == today + dt.timedelta(days=1)


def test_tier_change_replans_from_last_visit(child_a, today):
    child_a.last_visit_on, child_a.tier = today - dt.timedelta(days=10), "green"
    replan_child(child_a)
    assert child_a.next_visit_due == today + dt.timedelta(days=80)
    child_a.tier = "yellow"
    replan_child(child_a)
    child_a.refresh_from_db()
    assert child_a.next_visit_due == today + dt.timedelta(days=20)


def _update_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "cases_child" in q["sql"]]


def test_policy_change_replans_open_children_of_that_tier_in_one_update(station_user, village_a, today):
    last = today - dt.timedelta(days=3)
    reds = [ChildFactory(village=village_a, tier="red", last_visit_on=last) for _ in range(5)]
    green = ChildFactory(village=village_a, tier="green", last_visit_on=last, next_visit_due=last)
    unassessed = ChildFactory(village=village_a, tier="", last_visit_on=last)
    closed = ChildFactory(village=village_a, tier="red", last_visit_on=last, status=Child.Status.CLOSED)
    with CaptureQueriesContext(connection) as ctx:
        changed = set_visit_policy(by=station_user, max_days={**max_days_by_tier(), "red": 5},
                                   seen=policy_fingerprint())
    assert changed == ["red"]
    assert len(_update_statements(ctx.captured_queries)) == 1
    for child in reds:
        child.refresh_from_db()
        assert child.next_visit_due == last + dt.timedelta(days=5)
    for child in (green, unassessed, closed):
        child.refresh_from_db()
    assert green.next_visit_due == last  # other tiers untouched
    assert closed.next_visit_due is None
    set_visit_policy(by=station_user, max_days={**max_days_by_tier(), "green": 60}, seen=policy_fingerprint())
    unassessed.refresh_from_db()
    assert unassessed.next_visit_due == last + dt.timedelta(days=60)  # not yet assessed: planned as 绿


def test_station_edits_policy_through_the_page(client, station_user, village_a, today):
    child = ChildFactory(village=village_a, tier="orange", last_visit_on=today)
    client.force_login(station_user)
    data = {**max_days_by_tier(), "orange": 10, "seen": policy_fingerprint()}
    response = client.post(reverse("visits:policy"), data)
    assert response.status_code == 302
    assert VisitPolicy.objects.get(tier="orange").max_days == 10
    child.refresh_from_db()
    assert child.next_visit_due == today + dt.timedelta(days=10)


def test_policy_page_refuses_zero_days_and_keeps_input(client, station_user):
    client.force_login(station_user)
    response = client.post(reverse("visits:policy"), {**max_days_by_tier(), "red": 0, "green": 77,
                                                          "seen": policy_fingerprint()})
    assert response.status_code == 200
    assert 'value="77"' in response.content.decode()
    assert VisitPolicy.objects.get(tier="red").max_days == 7


@pytest.mark.parametrize("role", ["leader", "director_a", "hotline_user", "police_user", "admin_account"])
def test_only_station_may_edit_policy(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("visits:policy")).status_code == 403
    assert client.post(reverse("visits:policy"), {**max_days_by_tier(), "red": 3}).status_code == 403
    assert VisitPolicy.objects.get(tier="red").max_days == 7


def test_policy_service_refuses_non_station(leader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_visit_policy(by=leader, max_days={"red": 3}, seen=policy_fingerprint())


def test_a_frequency_changed_by_a_colleague_meanwhile_is_not_put_back(client, station_user):
    """Both opened the page at red = 7; the colleague saved red = 5. Saving green = 60 on the page that still shows
    red = 7 would put 7 back: refused, with the input kept."""
    client.force_login(station_user)
    shown = policy_fingerprint()
    assert f'name="seen" value="{shown}"' in client.get(reverse("visits:policy")).content.decode()
    set_visit_policy(by=station_user, max_days={**max_days_by_tier(), "red": 5}, seen=shown)  # the colleague
    response = client.post(reverse("visits:policy"), {**max_days_by_tier(), "red": 7, "green": 60, "seen": shown})
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and 'value="60"' in body
    assert VisitPolicy.objects.get(tier="red").max_days == 5 and max_days_by_tier()["green"] == 90


# --- An urgent visit (a new file, a child moved to 红) stays due until a visit is made, whatever re-plans meanwhile.

def _never_visited_and_overdue(child, today, days):
    replan_child(child, today=today - dt.timedelta(days=days + 1))  # registered then: due the next day
    child.refresh_from_db()
    assert child.next_visit_due == today - dt.timedelta(days=days)


def test_assessing_a_never_visited_child_keeps_it_overdue(station_user, child_a, today):
    from cases.services import assess_risk  # noqa: PLC0415

    _never_visited_and_overdue(child_a, today, 10)
    assess_risk(by=station_user, child=child_a, indicators=[])
    child_a.refresh_from_db()
    assert child_a.next_visit_due == today - dt.timedelta(days=10)


def test_asking_to_close_a_never_visited_child_keeps_it_overdue(director_a, child_a, today):
    from cases.services import request_closure  # noqa: PLC0415

    _never_visited_and_overdue(child_a, today, 10)
    request_closure(by=director_a, child=child_a, reason="已迁出本镇")
    child_a.refresh_from_db()
    assert child_a.status == Child.Status.CLOSING and child_a.next_visit_due == today - dt.timedelta(days=10)


@pytest.fixture
def moved_to_red(child_a, today):
    """child_a, visited three days ago, just moved to 红: due tomorrow."""
    child_a.last_visit_on, child_a.tier = today - dt.timedelta(days=3), "red"
    child_a.save()
    replan_child(child_a, urgent=True)
    child_a.refresh_from_db()
    assert child_a.next_visit_due == child_a.urgent_visit_by == today + dt.timedelta(days=1)
    return child_a


def test_an_older_visit_filed_late_keeps_the_urgent_visit_of_a_child_moved_to_red(director_a, moved_to_red, today):
    record_visit(by=director_a, child=moved_to_red, visited_on=today - dt.timedelta(days=20), kind="home",
                 visitors="甲")
    moved_to_red.refresh_from_db()
    assert moved_to_red.next_visit_due == today + dt.timedelta(days=1)


def test_a_policy_change_keeps_the_urgent_visit_of_a_child_moved_to_red(station_user, moved_to_red, today):
    set_visit_policy(by=station_user, max_days={**max_days_by_tier(), "red": 10}, seen=policy_fingerprint())
    moved_to_red.refresh_from_db()
    assert moved_to_red.next_visit_due == today + dt.timedelta(days=1)


def test_the_visit_made_clears_the_urgency_and_the_tier_interval_applies_again(director_a, moved_to_red, today):
    record_visit(by=director_a, child=moved_to_red, visited_on=today, kind="home", visitors="甲")
    moved_to_red.refresh_from_db()
    assert moved_to_red.urgent_visit_by is None and moved_to_red.next_visit_due == today + dt.timedelta(days=7)


def test_a_first_visit_filed_with_an_earlier_date_meets_the_new_files_urgency(director_a, child_a, today):
    """A screening visit made before the file was opened (filed with its real date) is the child's first visit."""
    replan_child(child_a, today=today)
    record_visit(by=director_a, child=child_a, visited_on=today - dt.timedelta(days=5), kind="screening",
                 visitors="甲")
    child_a.refresh_from_db()
    assert child_a.urgent_visit_by is None and child_a.next_visit_due == today + dt.timedelta(days=85)
