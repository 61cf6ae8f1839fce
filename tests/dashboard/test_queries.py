"""The dashboard and the monthly report issue a fixed number of queries whatever the amount of data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Referral
from hotline.models import HotlineCall
from registry.models import Facility, FamilyEducationSession, Office, Task
from tests.factories import ChildFactory, VillageFactory
from visits.models import HomeVisit

pytestmark = pytest.mark.django_db


def populate(villages, n, operator, tag):
    """`n` of everything the dashboard counts, in each of `villages` (`tag` keeps names unique)."""
    today = timezone.localdate()
    police = Office.objects.get(code="police")
    for village in villages:
        for i in range(n):
            child = ChildFactory(village=village, tier=["red", "green", ""][i % 3],
                                 next_visit_due=today + dt.timedelta(days=i - n // 2))
            HomeVisit.objects.create(child=child, visited_on=today - dt.timedelta(days=i % 20), visitors="走访人")
            HotlineCall.objects.create(operator=operator, child=child, call_type="help", urgency="normal",
                                       summary="来电", follow_up_due=timezone.now())
            Referral.objects.create(child=child, office=police, reason="转介", due_date=today - dt.timedelta(days=i))
            Facility.objects.create(village=village, name=f"场所{tag}{i}")
            Task.objects.create(title=f"任务{i}", village=village, owner="责任人", due_on=today - dt.timedelta(days=1))
            FamilyEducationSession.objects.create(village=village, date=today - dt.timedelta(days=i + 1),
                                                  start_time=dt.time(9), end_time=dt.time(11), place=f"地点{tag}{i}",
                                                  host="主持人", held=True)


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [reverse("dashboard:index"), reverse("dashboard:report"),
                                 reverse("dashboard:report_xlsx")])
@pytest.mark.parametrize("fixture", ["leader", "director_a"])
def test_query_count_does_not_grow_with_data(client, request, django_assert_max_num_queries, url, fixture,
                                             org, village_a, village_b, hotline_user):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    populate([village_a, village_b], 1, hotline_user, "s")
    small = count_queries(client, url)
    more_villages = [VillageFactory() for _ in range(3)]
    populate([village_a, village_b, *more_villages], 12, hotline_user, "l")
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small < 45
