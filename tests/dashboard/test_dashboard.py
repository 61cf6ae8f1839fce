"""The dashboard through HTTP: who may open it, what scope each role sees, and that its figures are right."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


def figure(body: str, name: str) -> int:
    """The number shown in the element marked data-figure=name (inside its link if any)."""
    match = re.search(rf'data-figure="{name}">(?:<a [^>]*>)?(\d+)<', body)
    assert match, f"no figure {name}"
    return int(match.group(1))


def village_cell(body: str, village, col: str) -> int:
    row = re.search(rf'<tr data-village="{village.pk}">(.*?)</tr>', body, re.S).group(1)
    return int(re.search(rf'data-col="{col}">(?:<a [^>]*>)?(\d+)<', row).group(1))


@pytest.mark.parametrize("fixture", ["hotline_user", "police_user", "school_user", "admin_account"])
def test_roles_without_a_village_are_refused(client, request, fixture, township):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(URL)
    assert response.status_code == 403
    assert "甲村儿童" not in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _expected(children, today):
    """The figures computed by hand (in Python, not by the dashboard's queries) from the fixture children."""
    active = [c for c in children if c.status == Child.Status.OPEN]
    cutoff = today - dt.timedelta(days=183)
    return {
        "children-total": len(active),
        "children-red": sum(c.tier == "red" for c in active),
        "visits-overdue": sum(c.next_visit_due is not None and c.next_visit_due < today for c in active),
        "reassess-overdue": sum(
            c.needs_reassessment or (c.last_assessed_on or c.registered_on) < cutoff for c in active
        ),
    }


@pytest.mark.parametrize("fixture", ["leader", "station_user"])
def test_township_users_see_the_whole_township(client, request, fixture, township, village_a, village_b):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(URL).content.decode()
    expected = _expected(township["a"] + township["b"], timezone.localdate())
    assert expected == {"children-total": 14, "children-red": 3, "visits-overdue": 6, "reassess-overdue": 2}
    assert {name: figure(body, name) for name in expected} == expected
    assert village_cell(body, village_a, "total") == 9
    assert village_cell(body, village_b, "total") == 5
    assert "全镇" in body


def test_director_sees_only_own_village_figures(client, director_a, township, village_b):
    client.force_login(director_a)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    expected = _expected(township["a"], timezone.localdate())
    assert {name: figure(body, name) for name in expected} == expected
    assert f'data-village="{village_b.pk}"' not in body
    assert village_b.name not in body


def test_director_b_figures_differ_from_a(client, director_b, township):
    client.force_login(director_b)
    body = client.get(URL).content.decode()
    expected = _expected(township["b"], timezone.localdate())
    assert {name: figure(body, name) for name in expected} == expected
    assert figure(body, "children-total") == 5


def test_director_cannot_pick_another_village(client, director_a, township, village_b):
    client.force_login(director_a)
    response = client.get(URL, {"village": village_b.pk})
    assert response.status_code == 404
    assert village_b.name not in response.content.decode()


def test_station_can_narrow_to_one_village(client, station_user, township, village_a, village_b):
    client.force_login(station_user)
    body = client.get(URL, {"village": village_b.pk}).content.decode()
    assert figure(body, "children-total") == 5
    assert f'data-village="{village_a.pk}"' not in body


def test_category_counts_match_fixture(client, leader, township):
    client.force_login(leader)
    body = client.get(URL).content.decode()
    table = re.search(r'id="table-category">(.*?)</table>', body, re.S).group(1)
    counts = dict(re.findall(r"<td>([^<]+)</td><td class=\"text-end\">(?:<a [^>]*>)?(\d+)<", table))
    assert counts["农村留守儿童"] == "9"
    assert counts["孤儿"] == "5"
    assert counts["残疾儿童"] == "0"


def test_charts_data_is_embedded_as_json_without_inline_script(client, leader, township):
    client.force_login(leader)
    body = client.get(URL).content.decode()
    assert '<script id="dashboard-charts" type="application/json">' in body
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert all('type="application/json"' in attrs for attrs in scripts)
    assert "vendor/chartjs/chart.umd.min.js" in body and "js/dashboard.js" in body
    assert "style=" not in body


def test_nav_link_only_for_dashboard_roles(client, director_a, hotline_user):
    client.force_login(director_a)
    assert URL in client.get("/").content.decode()
    client.force_login(hotline_user)
    assert URL not in client.get("/").content.decode()
