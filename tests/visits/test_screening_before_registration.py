"""A screening visit made before the file was opened (入户走访/摸底排查 come before 评估介入, plan [四(二)]) can be
recorded when the file is registered with that day's date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child, RiskTier
from tests.factories import make_id_number
from visits.models import HomeVisit
from visits.selectors import max_days_by_tier

from .factories import visit_form_data

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 5, 20)


def _registration(village, registered_on: dt.date) -> dict:
    return {
        "name": "摸底儿童", "sex": "F", "birth_date": BORN.isoformat(), "id_number": make_id_number(BORN, 11),
        "village": village.pk, "schooling": "in_school", "registered_on": registered_on.isoformat(),
        "guardians-TOTAL_FORMS": "0", "guardians-INITIAL_FORMS": "0", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10",
    }


def test_a_file_registered_with_last_mondays_date_accepts_last_mondays_screening_visit(client, director_a, village_a):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() or 7)
    client.force_login(director_a)
    assert client.post(reverse("cases:child_create"), _registration(village_a, monday)).status_code == 302
    child = Child.objects.get(name="摸底儿童")
    response = client.post(reverse("visits:new", args=[child.pk]), visit_form_data(
        visited_on=monday.isoformat(), kind=HomeVisit.Kind.SCREENING))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.visits.get().visited_on == monday
    assert child.last_visit_on == monday
    # not yet assessed: planned as 绿 from the visit
    assert child.next_visit_due == monday + dt.timedelta(days=max_days_by_tier()[RiskTier.GREEN])


def test_a_visit_before_the_registration_date_is_still_refused(client, director_a, village_a):
    today = timezone.localdate()
    client.force_login(director_a)
    client.post(reverse("cases:child_create"), _registration(village_a, today - dt.timedelta(days=2)))
    child = Child.objects.get(name="摸底儿童")
    response = client.post(reverse("visits:new", args=[child.pk]), visit_form_data(
        visited_on=(today - dt.timedelta(days=3)).isoformat()))
    assert response.status_code == 200 and "走访日期不能早于建档日期" in response.content.decode()
    assert not child.visits.exists()
