"""The child's file page costs a fixed number of queries, however long the child's timeline."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseNote, Intervention, Referral, RiskAssessment, RiskTier
from registry.models import Office
from tests.factories import ChildFactory
from tests.hotline.factories import CallFactory
from tests.visits.factories import HomeVisitFactory

pytestmark = pytest.mark.django_db


def _grow_timeline(child, author, size: int) -> None:
    today = timezone.localdate()
    office = Office.objects.get(code="police")
    for i in range(size):
        HomeVisitFactory(child=child, visited_on=today - dt.timedelta(days=i + 1), risk_changed=i % 2 == 0)
        RiskAssessment.objects.create(child=child, assessor=author, tier=RiskTier.choices[0][0], score=i)
        CaseNote.objects.create(child=child, author=author, text=f"备注{i}")
        Intervention.objects.create(child=child, kind=Intervention.Kind.choices[0][0], done_on=today)
    for i in range(max(size // 5, 1)):
        Referral.objects.create(child=child, office=office, reason=f"转介{i}", due_date=today, referred_by=author)
        CallFactory(child=child, operator=author)


def _file_page_queries(client, user, child, size, django_assert_max_num_queries) -> int:
    _grow_timeline(child, user, size)
    client.force_login(user)
    client.get(reverse("home"))  # once-per-process reads (the hotline number) are not the file's
    url = reverse("cases:child_detail", args=[child.pk])
    with django_assert_max_num_queries(1000) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_file_page_queries_do_not_grow_with_the_timeline(client, station_user, village_a,
                                                         django_assert_max_num_queries):
    small, large = ChildFactory(village=village_a), ChildFactory(village=village_a)
    few = _file_page_queries(client, station_user, small, 2, django_assert_max_num_queries)
    many = _file_page_queries(client, station_user, large, 20, django_assert_max_num_queries)
    assert many == few
    with django_assert_max_num_queries(few):
        body = client.get(reverse("cases:child_detail", args=[large.pk])).content.decode()
    assert body.count('data-kind="visit"') == 20
    assert body.count('data-kind="hotline"') == 4
