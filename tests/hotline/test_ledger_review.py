"""The station's monthly review of the call ledger (热线记录台账审核): an ended month, once, with the figures seen."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline.models import HotlineCall, LedgerReview
from hotline.services import month_bounds

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_month():
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _calls_in(month, *statuses):
    start, _end = month_bounds(month)
    return [CallFactory(received_at=start + dt.timedelta(hours=9 + i), status=status)
            for i, status in enumerate(statuses)]


def _review(client, month, notes=""):
    return client.post(reverse("hotline:review"), {"month": f"{month:%Y-%m}", "notes": notes}, follow=True)


def test_the_station_reviews_an_ended_month_and_everyone_reading_the_statistics_sees_it(client, station_user, leader,
                                                                                         last_month):
    _calls_in(last_month, HotlineCall.Status.CLOSED, HotlineCall.Status.OPEN)
    _calls_in(timezone.localdate(), HotlineCall.Status.OPEN)  # this month: not counted
    client.force_login(station_user)
    body = _review(client, last_month, notes="两起未办结，已督促回访").content.decode()
    review = LedgerReview.objects.get()
    assert (review.month, review.reviewed_by, review.calls, review.still_open) == (last_month, station_user, 2, 1)
    assert f"已审核 {last_month:%Y-%m} 的热线台账" in body
    client.force_login(leader)
    page = client.get(reverse("hotline:stats"), {"year": last_month.year}).content.decode()
    assert "两起未办结，已督促回访" in page and "来电 2 次，审核时未办结 1 次" in page
    assert 'action="/hotline/stats/review/"' not in page  # the leadership reads, the station reviews


def test_a_month_is_reviewed_once_and_the_second_reviewer_is_told_who_did(client, station_user, last_month):
    client.force_login(station_user)
    _review(client, last_month, notes="首次审核")
    body = _review(client, last_month, notes="再次审核").content.decode()
    assert "的台账已由" in body and LedgerReview.objects.get().notes == "首次审核"


def test_the_current_month_cannot_be_reviewed_yet(client, station_user):
    client.force_login(station_user)
    body = _review(client, timezone.localdate()).content.decode()
    assert "只能审核已经结束的月份" in body and not LedgerReview.objects.exists()


@pytest.mark.parametrize("month", ["0001-01", "0099-12", "1999-12"])
def test_a_month_before_any_call_could_be_logged_is_refused(client, station_user, month):
    client.force_login(station_user)
    response = client.post(reverse("hotline:review"), {"month": month}, follow=True)
    assert response.status_code == 200 and "不能早于 2000 年" in response.content.decode()
    assert not LedgerReview.objects.exists()


@pytest.mark.parametrize("fixture", ["leader", "hotline_user", "director_a", "police_user"])
def test_other_roles_cannot_review(client, request, fixture, last_month):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("hotline:review"), {"month": f"{last_month:%Y-%m}"})
    assert response.status_code == 403 and not LedgerReview.objects.exists()


def test_a_review_needs_a_post_and_a_month(client, station_user):
    client.force_login(station_user)
    assert client.get(reverse("hotline:review")).status_code == 405
    body = client.post(reverse("hotline:review"), {"month": "2026-13"}, follow=True).content.decode()
    assert "请选择要审核的月份" in body and not LedgerReview.objects.exists()


def test_only_months_since_the_first_call_are_offered(client, station_user, last_month):
    _calls_in(last_month, HotlineCall.Status.CLOSED)
    client.force_login(station_user)
    page = client.get(reverse("hotline:stats"), {"year": last_month.year}).content.decode()
    earlier = (last_month - dt.timedelta(days=1)).replace(day=1)
    assert f'data-month="{last_month:%Y-%m}"' in page and f'data-month="{earlier:%Y-%m}"' not in page
