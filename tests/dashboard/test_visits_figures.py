"""Visits done and done on time in a month, computed by hand from fixture visits and read off the monthly report."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child
from dashboard.scope import current_month
from tests.factories import ChildFactory
from visits.models import HomeVisit
from visits.services import record_visit

pytestmark = pytest.mark.django_db


def visits_cell(body: str, village, col: str) -> int:
    row = re.search(rf'<tr data-visits-village="{village.pk}">(.*?)</tr>', body, re.S).group(1)
    return int(re.search(rf'data-col="{col}">(?:<a [^>]*>)?(\d+)<', row).group(1))


def registered(village, tier, on):
    """A child as registration leaves it: due the day after."""
    return ChildFactory(village=village, tier=tier, registered_on=on, next_visit_due=on + dt.timedelta(days=1))


@pytest.fixture
def last_month_visits(village_a, village_b, station_user):
    month = current_month().previous()
    first = month.first
    long_ago = first - dt.timedelta(days=800)
    by = station_user

    def visit(child, day):
        return record_visit(by=by, child=child, visited_on=day, visitors="测试走访人")

    red = registered(village_a, "red", long_ago)
    visit(red, first - dt.timedelta(days=5))
    visit(red, first)  # 5 days after the last one: within 红's 7 days
    visit(red, first + dt.timedelta(days=14))  # 14 days: late
    green = registered(village_a, "green", long_ago)
    visit(green, first - dt.timedelta(days=100))
    visit(green, first + dt.timedelta(days=2))  # 102 days: late for 绿's 90
    new = registered(village_a, "", first + dt.timedelta(days=2))
    visit(new, first + dt.timedelta(days=3))  # first visit, one day after registration: on time
    other = registered(village_b, "yellow", long_ago)
    visit(other, first - dt.timedelta(days=20))
    visit(other, first + dt.timedelta(days=1))  # 21 days: within 黄's 30
    return month


def test_visits_done_and_on_time_per_village(client, leader, last_month_visits, village_a, village_b):
    client.force_login(leader)
    body = client.get(reverse("dashboard:report"), {"month": last_month_visits.key}).content.decode()
    assert (visits_cell(body, village_a, "done"), visits_cell(body, village_a, "on_time")) == (4, 2)
    assert (visits_cell(body, village_b, "done"), visits_cell(body, village_b, "on_time")) == (1, 1)


def test_director_sees_only_own_village_visits(client, director_b, last_month_visits, village_a, village_b):
    client.force_login(director_b)
    body = client.get(reverse("dashboard:report"), {"month": last_month_visits.key}).content.decode()
    assert visits_cell(body, village_b, "done") == 1
    assert f'data-visits-village="{village_a.pk}"' not in body


def test_on_time_is_judged_by_the_tier_on_the_day_of_the_visit(client, leader, last_month_visits, village_b,
                                                               station_user):
    """The yellow child was visited within 黄's 30 days; moving it to 红 afterwards does not make that visit late."""
    other = Child.objects.get(village=village_b)
    Child.objects.filter(pk=other.pk).update(tier="red")
    client.force_login(leader)
    body = client.get(reverse("dashboard:report"), {"month": last_month_visits.key}).content.decode()
    assert (visits_cell(body, village_b, "done"), visits_cell(body, village_b, "on_time")) == (1, 1)


def test_visits_count_for_the_village_they_were_made_in_after_the_child_moves(client, leader, last_month_visits,
                                                                              village_a, village_b):
    """Village 乙's director made the yellow child's visit; the child moving to 甲 later does not move the visit."""
    other = Child.objects.get(village=village_b)
    other.village = village_a
    other.save()
    client.force_login(leader)
    body = client.get(reverse("dashboard:report"), {"month": last_month_visits.key}).content.decode()
    assert (visits_cell(body, village_a, "done"), visits_cell(body, village_b, "done")) == (4, 1)


def test_visit_filed_late_for_an_earlier_day_is_judged_against_the_visit_before_it(station_user, village_a):
    today = timezone.localdate()
    child = registered(village_a, "red", today - dt.timedelta(days=60))
    first = record_visit(by=station_user, child=child, visited_on=today - dt.timedelta(days=40), visitors="甲")
    record_visit(by=station_user, child=child, visited_on=today - dt.timedelta(days=2), visitors="甲")
    between = record_visit(by=station_user, child=child, visited_on=today - dt.timedelta(days=20), visitors="甲")
    assert first.due_on == child.registered_on + dt.timedelta(days=1)
    assert between.due_on == first.visited_on + dt.timedelta(days=7)
    assert HomeVisit.objects.get(visited_on=today - dt.timedelta(days=2), child=child).due_on == (
        first.visited_on + dt.timedelta(days=7))


def test_visit_figures_are_one_grouped_query(client, leader, last_month_visits, django_assert_max_num_queries):
    """At 100,000 children a window over every child's visits took seconds on PostgreSQL: the figures come from
    each visit's stored due date, counted per village in one GROUP BY."""
    client.force_login(leader)
    with django_assert_max_num_queries(100) as captured:
        client.get(reverse("dashboard:report"), {"month": last_month_visits.key})
    visit_queries = [q["sql"] for q in captured.captured_queries if 'FROM "visits_homevisit"' in q["sql"]]
    assert len(visit_queries) == 1
    assert "GROUP BY" in visit_queries[0] and "OVER" not in visit_queries[0].upper()


def test_a_case_waiting_for_closure_approval_counts_as_overdue(client, leader, director_a, village_a):
    from cases.services import request_closure

    child = ChildFactory(village=village_a, tier="red")
    request_closure(by=director_a, child=child, reason="已随父母外出")
    Child.objects.filter(pk=child.pk).update(next_visit_due=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(leader)
    body = client.get(reverse("dashboard:index")).content.decode()
    assert visits_cell(body, village_a, "overdue") == 1
