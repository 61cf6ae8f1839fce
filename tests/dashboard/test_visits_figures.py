"""Visits done and done on time in a month, computed by hand from fixture visits and read off the monthly report."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from dashboard.scope import current_month
from tests.factories import ChildFactory
from visits.models import HomeVisit

pytestmark = pytest.mark.django_db


def visits_cell(body: str, village, col: str) -> int:
    row = re.search(rf'<tr data-visits-village="{village.pk}">(.*?)</tr>', body, re.S).group(1)
    return int(re.search(rf'data-col="{col}">(?:<a [^>]*>)?(\d+)<', row).group(1))


def visit(child, day):
    return HomeVisit.objects.create(child=child, visited_on=day, visitors="测试走访人")


@pytest.fixture
def last_month_visits(village_a, village_b):
    month = current_month().previous()
    first = month.first
    long_ago = first - dt.timedelta(days=800)
    red = ChildFactory(village=village_a, tier="red", registered_on=long_ago)
    visit(red, first - dt.timedelta(days=5))
    visit(red, first)  # 5 days after the last one: within 红's 7 days
    visit(red, first + dt.timedelta(days=14))  # 14 days: late
    green = ChildFactory(village=village_a, tier="green", registered_on=long_ago)
    visit(green, first - dt.timedelta(days=100))
    visit(green, first + dt.timedelta(days=2))  # 102 days: late for 绿's 90
    new = ChildFactory(village=village_a, tier="", registered_on=first + dt.timedelta(days=2))
    visit(new, first + dt.timedelta(days=3))  # first visit, one day after registration: on time
    other = ChildFactory(village=village_b, tier="yellow", registered_on=long_ago)
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


def test_previous_visit_comes_from_a_window_not_a_subquery_per_visit(client, leader, last_month_visits,
                                                                     django_assert_max_num_queries):
    """At 100,000 children the per-visit correlated subquery took seconds on PostgreSQL: LAG() reads each child's
    visits once. The figures stay those computed by hand above."""
    client.force_login(leader)
    with django_assert_max_num_queries(100) as captured:
        client.get(reverse("dashboard:report"), {"month": last_month_visits.key})
    sqls = [query["sql"] for query in captured.captured_queries]
    assert len([sql for sql in sqls if "LAG(" in sql.upper()]) == 1
    assert not [sql for sql in sqls if 'FROM "visits_homevisit" U0' in sql and "LIMIT 1" in sql]
