"""Due lists, the per-village summary, a child's history and the home card: contents, order, refusals, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Child
from tests.factories import ChildFactory

from .conftest import set_due
from .factories import HomeVisitFactory

pytestmark = pytest.mark.django_db

CASE_ROLES_REFUSED = ["hotline_user", "police_user", "school_user", "admin_account"]


def test_my_visits_lists_overdue_then_due_soon_then_later(client, director_a, village_a, today):
    later = set_due(ChildFactory(village=village_a, name="以后"), today + dt.timedelta(days=20))
    soon = set_due(ChildFactory(village=village_a, name="快到期"), today + dt.timedelta(days=2))
    overdue = set_due(ChildFactory(village=village_a, name="逾期"), today - dt.timedelta(days=4))
    client.force_login(director_a)
    response = client.get(reverse("visits:due"))
    rows = list(response.context["page"])
    assert [c.pk for c in rows] == [overdue.pk, soon.pk, later.pk]
    assert [c.due_bucket for c in rows] == [0, 1, 2]
    body = response.content.decode()
    assert body.index("逾期") < body.index("快到期") < body.index("以后")
    assert reverse("visits:new", args=[overdue.pk]) in body


def test_due_list_filters_overdue_and_soon(client, director_a, village_a, today):
    set_due(ChildFactory(village=village_a, name="以后"), today + dt.timedelta(days=20))
    set_due(ChildFactory(village=village_a, name="快到期"), today + dt.timedelta(days=3))
    set_due(ChildFactory(village=village_a, name="逾期"), today - dt.timedelta(days=1))
    client.force_login(director_a)
    names = lambda only: [c.name for c in client.get(reverse("visits:due"), {"only": only}).context["page"]]  # noqa: E731
    assert names("overdue") == ["逾期"]
    assert names("soon") == ["快到期"]


def test_director_does_not_see_other_village_on_due_list(client, director_a, child_a, child_b, today):
    set_due(child_a, today)
    set_due(child_b, today)
    client.force_login(director_a)
    body = client.get(reverse("visits:due")).content.decode()
    assert child_a.name in body and child_b.name not in body
    response = client.get(reverse("visits:due"), {"village": child_b.village_id})
    assert response.status_code == 404 and child_b.name not in response.content.decode()


def test_closed_children_are_not_on_the_due_list(client, director_a, child_a, today):
    set_due(child_a, today)
    child_a.status = "closed"
    child_a.save()
    client.force_login(director_a)
    assert child_a.name not in client.get(reverse("visits:due")).content.decode()


def test_a_case_waiting_for_closure_approval_stays_on_the_due_list_and_home_counts(client, director_a, child_a,
                                                                                    today):
    from cases.services import request_closure

    request_closure(by=director_a, child=child_a, reason="已随父母外出")
    set_due(child_a, today - dt.timedelta(days=2), tier="red")
    client.force_login(director_a)
    response = client.get(reverse("visits:due"), {"only": "overdue"})
    assert [child.pk for child in response.context["page"]] == [child_a.pk]
    assert "data-closing" in response.content.decode()  # marked 待审批结案, visited until the station decides
    assert 'data-count="overdue">1<' in client.get(reverse("home")).content.decode()


def test_a_child_who_turned_18_is_marked_on_the_due_list(client, director_a, village_a, today):
    adult = set_due(ChildFactory(village=village_a, birth_date=today - dt.timedelta(days=366 * 18 + 5),
                                 registered_on=today - dt.timedelta(days=400), id_number=""), today)
    minor = set_due(ChildFactory(village=village_a), today)
    client.force_login(director_a)
    body = client.get(reverse("visits:due")).content.decode()
    rows = {pk: body.split(f'href="{reverse("visits:child", args=[pk])}"')[1].split("</li>")[0]
            for pk in (adult.pk, minor.pk)}
    assert "data-adult" in rows[adult.pk] and "data-adult" not in rows[minor.pk]


def test_the_station_may_file_a_visit_from_every_row_of_the_township_list(client, station_user, child_a, child_b,
                                                                          today):
    set_due(child_a, today)
    set_due(child_b, today)
    client.force_login(station_user)
    body = client.get(reverse("visits:due")).content.decode()
    assert reverse("visits:new", args=[child_a.pk]) in body and reverse("visits:new", args=[child_b.pk]) in body


def test_leadership_sees_township_list_per_village_without_file_button(client, leader, child_a, child_b, today):
    set_due(child_a, today)
    set_due(child_b, today)
    client.force_login(leader)
    response = client.get(reverse("visits:due"), {"village": child_a.village_id})
    body = response.content.decode()
    assert child_a.name in body and child_b.name not in body
    assert reverse("visits:new", args=[child_a.pk]) not in body  # leadership reads, does not file


@pytest.mark.parametrize("role", CASE_ROLES_REFUSED)
def test_roles_without_children_get_403_on_lists(client, request, role, child_a, today):
    set_due(child_a, today)
    client.force_login(request.getfixturevalue(role))
    for url in (reverse("visits:due"), reverse("visits:summary"), reverse("visits:child", args=[child_a.pk]),
                reverse("visits:ledger")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert child_a.name not in response.content.decode()


def test_summary_counts_per_village_for_station(client, station_user, village_a, village_b, today):
    set_due(ChildFactory(village=village_a), today - dt.timedelta(days=2))
    set_due(ChildFactory(village=village_a), today + dt.timedelta(days=1))
    set_due(ChildFactory(village=village_b), today + dt.timedelta(days=30))
    client.force_login(station_user)
    villages = client.get(reverse("visits:summary")).context["villages"]
    rows = {v.code: (v.open_count, v.overdue_count, v.soon_count) for v in villages}
    assert rows["va"] == (2, 1, 1) and rows["vb"] == (1, 0, 0)


def test_directors_do_not_get_the_township_summary(client, director_a):
    client.force_login(director_a)
    assert client.get(reverse("visits:summary")).status_code == 403


def test_navigation_offers_each_role_its_visit_pages(client, station_user, leader, director_a):
    """The station's and leadership's visit pages share a menu; only the station sets the frequencies; a director
    has one link, to their own visits."""
    due, summary, policy = reverse("visits:due"), reverse("visits:summary"), reverse("visits:policy")
    client.force_login(station_user)
    body = client.get("/").content.decode()
    assert all(f'class="dropdown-item" href="{url}"' in body for url in (due, summary, policy))
    client.force_login(leader)
    body = client.get("/").content.decode()
    assert f'href="{due}"' in body and f'href="{summary}"' in body and f'href="{policy}"' not in body
    client.force_login(director_a)
    body = client.get("/").content.decode()
    assert f'class="nav-link" href="{due}">我的家访' in body
    assert f'href="{summary}"' not in body and f'href="{policy}"' not in body


def test_child_history_is_logged_and_hidden_from_other_village(client, director_a, director_b, child_a):
    HomeVisitFactory(child=child_a, problems="第一次")
    client.force_login(director_a)
    response = client.get(reverse("visits:child", args=[child_a.pk]))
    assert "第一次" in response.content.decode()
    assert AccessLog.objects.filter(action="view", object_type="child", object_ids=[child_a.pk]).exists()
    client.force_login(director_b)
    response = client.get(reverse("visits:child", args=[child_a.pk]))
    assert response.status_code == 404 and child_a.name not in response.content.decode()


def test_home_card_shows_directors_overdue_and_due_soon_counts(client, director_a, village_a, child_b, today):
    set_due(ChildFactory(village=village_a), today - dt.timedelta(days=1))
    set_due(ChildFactory(village=village_a), today - dt.timedelta(days=9))
    set_due(ChildFactory(village=village_a), today + dt.timedelta(days=2))
    set_due(child_b, today - dt.timedelta(days=3))  # other village: not counted
    client.force_login(director_a)
    body = client.get(reverse("home")).content.decode()
    assert 'data-count="overdue">2<' in body and 'data-count="soon">1<' in body


def test_home_card_counts_the_children_a_director_is_responsible_for(client, director_a, village_a, today):
    set_due(ChildFactory(village=village_a, responsible_director=director_a), today - dt.timedelta(days=1))
    set_due(ChildFactory(village=village_a, responsible_director=director_a), today + dt.timedelta(days=20))
    set_due(ChildFactory(village=village_a), today - dt.timedelta(days=1))  # nobody's yet
    client.force_login(director_a)
    body = client.get(reverse("home")).content.decode()
    assert f'href="/visits/?director={director_a.pk}">我负责的儿童 2 名</a>' in body and "其中 1 名已逾期" in body


def test_home_card_is_absent_for_hotline(client, hotline_user):
    client.force_login(hotline_user)
    assert 'id="visits-card"' not in client.get(reverse("home")).content.decode()


def _fill(village, n, today):
    for i in range(n):
        child = set_due(ChildFactory(village=village), today + dt.timedelta(days=i % 10 - 3))
        HomeVisitFactory(child=child)


def _count_queries(client, url) -> int:
    client.get(url)  # warm the process-wide caches (content types) first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_counts_do_not_grow_with_the_data(client, station_user, village_a, child_a, today):
    set_due(child_a, today)
    client.force_login(station_user)
    urls = [reverse("visits:due"), reverse("visits:summary"), reverse("visits:child", args=[child_a.pk])]
    _fill(village_a, 3, today)
    HomeVisitFactory.create_batch(3, child=child_a)
    small = [_count_queries(client, url) for url in urls]
    _fill(village_a, 40, today)
    HomeVisitFactory.create_batch(40, child=child_a)
    assert [_count_queries(client, url) for url in urls] == small
    assert max(small) <= 12


def test_director_due_list_query_count_is_fixed(client, director_a, village_a, today, django_assert_max_num_queries):
    _fill(village_a, 3, today)
    client.force_login(director_a)
    small = _count_queries(client, reverse("visits:due"))
    _fill(village_a, 40, today)
    Child.objects.filter(village=village_a).update(responsible_director=director_a)  # shown on each row: a join
    with django_assert_max_num_queries(small):
        response = client.get(reverse("visits:due"))
    assert len(response.context["page"]) == 43 and response.content.decode().count(f"?director={director_a.pk}") >= 43


def test_due_list_is_paginated(client, station_user, village_a, today):
    _fill(village_a, 55, today)
    client.force_login(station_user)
    assert len(client.get(reverse("visits:due")).context["page"]) == 50
    assert len(client.get(reverse("visits:due"), {"page": 2}).context["page"]) == 5


def test_a_village_filter_that_is_not_a_number_is_not_found(client, station_user):
    client.force_login(station_user)
    assert client.get(reverse("visits:due"), {"village": "²"}).status_code == 404
