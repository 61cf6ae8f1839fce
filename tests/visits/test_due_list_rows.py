"""What each row of the due list shows, in Chinese and in English, and what it does not read."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ChildFactory

from .conftest import set_due

pytestmark = pytest.mark.django_db


def _rows(body: str) -> list[str]:
    return body.split('id="due-list"')[1].split("</ul>")[0].split("data-bucket=")[1:]


def test_each_row_shows_its_tier_due_badge_dates_and_visit_button(client, director_a, village_a, today):
    set_due(ChildFactory(village=village_a, name="逾期儿童"), today - dt.timedelta(days=4), tier="orange",
            last_visit_on=today - dt.timedelta(days=40))
    set_due(ChildFactory(village=village_a, name="按期儿童"), today + dt.timedelta(days=20))
    client.force_login(director_a)
    overdue, later = _rows(client.get(reverse("visits:due")).content.decode())
    assert "逾期儿童" in overdue and ">橙<" in overdue and ">已逾期<" in overdue
    assert f"截止 {today - dt.timedelta(days=4):%Y-%m-%d}" in overdue
    assert f"上次 {today - dt.timedelta(days=40):%Y-%m-%d}" in overdue
    assert ">填写家访<" in overdue
    assert "按期儿童" in later and ">按期<" in later and ">绿<" in later

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    overdue, later = _rows(client.get(reverse("visits:due")).content.decode())
    assert ">Orange<" in overdue and ">Overdue<" in overdue
    assert ">On schedule<" in later


def test_due_list_does_not_read_identifiers(client, station_user, village_a, today):
    set_due(ChildFactory(village=village_a, id_number="110101201501010011"), today)
    client.force_login(station_user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("visits:due"))
    assert all('"id_number"' not in query["sql"] for query in queries.captured_queries)
