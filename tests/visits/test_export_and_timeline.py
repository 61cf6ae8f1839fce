"""The visit ledger export (入户走访记录台账) and the child's timeline events."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from visits.selectors import timeline_events

from .factories import HomeVisitFactory

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [list(row) for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_director_exports_only_own_village_and_export_is_logged(client, director_a, child_a, child_b):
    HomeVisitFactory(child=child_a, problems="甲村问题")
    HomeVisitFactory(child=child_b, problems="乙社区问题")
    client.force_login(director_a)
    rows = _sheet(client.get(reverse("visits:ledger")))
    assert rows[0][:3] == ["序号", "村(社区)", "儿童姓名"]
    flat = [cell for row in rows for cell in row]
    assert child_a.name in flat and "甲村问题" in flat
    assert child_b.name not in flat and "乙社区问题" not in flat
    log = AccessLog.objects.get(action="export")
    assert log.object_ids == [child_a.pk] and log.user == director_a


def test_station_exports_all_villages_filtered_by_date(client, station_user, child_a, child_b, today):
    HomeVisitFactory(child=child_a, visited_on=today - dt.timedelta(days=40))
    HomeVisitFactory(child=child_b, visited_on=today - dt.timedelta(days=2))
    client.force_login(station_user)
    rows = _sheet(client.get(reverse("visits:ledger"), {"start": (today - dt.timedelta(days=7)).isoformat()}))
    names = [row[2] for row in rows[1:]]
    assert names == [child_b.name]


def test_ledger_names_the_village_each_visit_was_made_in(client, station_user, child_a, village_a, village_b, today):
    HomeVisitFactory(child=child_a, visited_on=today - dt.timedelta(days=30), problems="搬家前走访")
    child_a.village = village_b  # the family moves
    child_a.save()
    HomeVisitFactory(child=child_a, visited_on=today, problems="搬家后走访")
    client.force_login(station_user)

    def ledger(**params):
        return [(row[1], row[14]) for row in _sheet(client.get(reverse("visits:ledger"), params))[1:]]

    assert sorted(ledger()) == sorted([(village_a.name, "搬家前走访"), (village_b.name, "搬家后走访")])
    assert ledger(village=village_a.pk) == [(village_a.name, "搬家前走访")]
    assert ledger(village=village_b.pk) == [(village_b.name, "搬家后走访")]


def test_ledger_cells_cannot_run_formulas(client, station_user, child_a):
    HomeVisitFactory(child=child_a, problems="=HYPERLINK(\"http://evil\")", visitors="+1")
    client.force_login(station_user)
    flat = [cell for row in _sheet(client.get(reverse("visits:ledger"))) for cell in row]
    assert "'=HYPERLINK(\"http://evil\")" in flat and "'+1" in flat


def test_export_with_reversed_dates_is_refused_with_a_message(client, station_user, today):
    client.force_login(station_user)
    response = client.get(reverse("visits:ledger"), {"start": today.isoformat(),
                                                     "end": (today - dt.timedelta(days=1)).isoformat()}, follow=True)
    assert "开始日期不能晚于结束日期" in response.content.decode()
    assert not AccessLog.objects.filter(action="export").exists()


def test_leadership_may_export_but_director_not_other_village(client, leader, director_b, child_a):
    HomeVisitFactory(child=child_a)
    client.force_login(leader)
    assert child_a.name in [row[2] for row in _sheet(client.get(reverse("visits:ledger")))]
    client.force_login(director_b)
    assert client.get(reverse("visits:ledger"), {"village": child_a.village_id}).status_code == 404
    assert child_a.name not in [row[2] for row in _sheet(client.get(reverse("visits:ledger")))]


def test_timeline_lists_visits_with_links(child_a, today):
    visit = HomeVisitFactory(child=child_a, visited_on=today, kind="follow_up", problems="需要心理疏导",
                             risk_changed=True)
    [event] = timeline_events(child_a)
    assert event["when"] == today and event["kind"] == "visit" and event["title"] == "跟踪回访"
    assert "需要心理疏导" in event["detail"] and "风险状况有变化" in event["detail"]
    assert event["url"] == reverse("visits:detail", args=[visit.pk])
