"""Correcting a filed visit: who may, the lost-update guard, and what a changed date does to the child's schedule."""

import datetime as dt

import pytest
from django.urls import reverse

from visits.models import HomeVisit
from visits.services import record_visit

from .factories import visit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(station_user, child_a, today):
    """A green child of village A visited 10 days ago (due 90 days after that)."""
    child_a.tier = "green"
    child_a.save()
    return record_visit(by=station_user, child=child_a, visited_on=today - dt.timedelta(days=10), visitors="甲",
                        problems="原文")


def _post(client, visit, **overrides):
    data = visit_form_data(visited_on=visit.visited_on.isoformat(), problems=visit.problems, version=visit.version)
    data.update(overrides)
    return client.post(reverse("visits:edit", args=[visit.pk]), data)


def test_director_corrects_text_and_date_and_the_schedule_follows(client, director_a, filed, today):
    client.force_login(director_a)
    corrected_day = today - dt.timedelta(days=3)
    response = _post(client, filed, problems="更正后的问题", visited_on=corrected_day.isoformat())
    assert response.status_code == 302
    filed.refresh_from_db()
    filed.child.refresh_from_db()
    assert filed.problems == "更正后的问题" and filed.visited_on == corrected_day
    assert filed.child.last_visit_on == corrected_day
    assert filed.child.next_visit_due == corrected_day + dt.timedelta(days=90)
    latest = filed.history.first()
    assert latest.history_user == director_a and latest.problems == "更正后的问题"


def test_visit_keeps_the_day_it_was_due(client, director_a, filed, today):
    due = filed.due_on
    client.force_login(director_a)
    _post(client, filed, visited_on=(today - dt.timedelta(days=2)).isoformat())
    filed.refresh_from_db()
    assert filed.due_on == due


def test_director_of_another_village_gets_404_and_nothing_changes(client, director_b, filed):
    client.force_login(director_b)
    assert client.get(reverse("visits:edit", args=[filed.pk])).status_code == 404
    assert _post(client, filed, problems="越权修改").status_code == 404
    filed.refresh_from_db()
    assert filed.problems == "原文"


def test_leadership_reads_the_visit_but_cannot_correct_it(client, leader, filed):
    client.force_login(leader)
    page = client.get(reverse("visits:detail", args=[filed.pk])).content.decode()
    assert reverse("visits:edit", args=[filed.pk]) not in page
    assert client.get(reverse("visits:edit", args=[filed.pk])).status_code == 403
    assert _post(client, filed, problems="越权修改").status_code == 403
    filed.refresh_from_db()
    assert filed.problems == "原文"


def test_stale_correction_is_refused_and_the_input_kept(client, director_a, station_user, filed):
    opened_at = filed.version
    client.force_login(station_user)
    assert _post(client, filed, problems="工作站先改").status_code == 302
    client.force_login(director_a)
    response = _post(client, filed, problems="主任后改", version=opened_at)
    body = response.content.decode()
    assert response.status_code == 200
    assert "该家访记录已被他人更正" in body and "主任后改" in body
    filed.refresh_from_db()
    assert filed.problems == "工作站先改"


def test_future_date_is_refused_in_chinese_and_nothing_changes(client, director_a, filed, today):
    client.force_login(director_a)
    response = _post(client, filed, visited_on=(today + dt.timedelta(days=1)).isoformat(), problems="改动")
    assert response.status_code == 200
    assert "走访日期不能晚于今天" in response.content.decode()
    filed.refresh_from_db()
    assert filed.problems == "原文" and filed.visited_on < today
    assert HomeVisit.objects.count() == 1


def test_a_visit_whose_recorders_account_was_deleted_can_still_be_corrected(client, director_a, child_a, today):
    from tests.factories import UserFactory

    from .factories import HomeVisitFactory

    former = UserFactory(username="former_director")
    visit = HomeVisitFactory(child=child_a, recorded_by=former, visited_on=today - dt.timedelta(days=10))
    former.delete()  # deleted in the admin: the visit keeps no recorder
    visit.refresh_from_db()
    client.force_login(director_a)
    assert _post(client, visit, problems="更正后的问题").status_code == 302
    visit.refresh_from_db()
    assert visit.problems == "更正后的问题" and visit.recorded_by is None
