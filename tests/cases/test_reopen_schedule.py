"""A closed case reopened (by the station, or by a mandatory report) is planned as a new file: its first visit is due
within a day of the reopening, not at its tier's interval after a visit made before it was closed (which made it
weeks overdue at once and escalated it to the station and the leadership). The village's child directors are told."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child
from cases.services import file_mandatory_report, reopen_case
from registry.models import Notification
from registry.roles import Role
from registry.services import add_role
from tests.factories import UserFactory
from visits.models import VisitReminder
from visits.selectors import policy_fingerprint
from visits.services import record_visit, set_visit_policy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _days(n):
    return TODAY() + dt.timedelta(days=n)


@pytest.fixture
def closed(child_a):
    """A 红 case closed 50 days ago, last visited 60 days ago."""
    Child.objects.filter(pk=child_a.pk).update(tier="red", last_visit_on=_days(-60), status=Child.Status.CLOSED,
                                               urgent_visit_by=None, next_visit_due=None)
    return Child.objects.get(pk=child_a.pk)


def test_a_reopened_case_is_due_within_a_day_and_no_reminder_goes_out(client, station_user, director_a, closed):
    client.force_login(station_user)
    response = client.post(reverse("cases:status_change", args=[closed.pk, "reopen"]), {"reason": "孩子返乡"})
    assert response.status_code == 302
    child = Child.objects.get(pk=closed.pk)
    assert child.status == Child.Status.OPEN and child.next_visit_due == _days(1)
    assert not VisitReminder.objects.exists()

    [told] = Notification.objects.filter(recipient=director_a)
    assert told.title == "个案已重新开案：甲村" and f"请于 {_days(1).isoformat()} 前入户家访" in told.body
    assert told.url == reverse("cases:child_detail", args=[closed.pk])
    assert not Notification.objects.filter(recipient=station_user).exists()  # who reopened it is not told


def test_the_first_visit_after_reopening_is_on_time_and_the_tier_interval_applies_again(station_user, director_a,
                                                                                       closed):
    reopen_case(by=station_user, child=closed, reason="孩子返乡")
    visit = record_visit(by=director_a, child=Child.objects.get(pk=closed.pk), visited_on=TODAY(), kind="home",
                         visitors="主任")
    assert visit.due_on == _days(1)
    assert Child.objects.get(pk=closed.pk).next_visit_due == _days(7)


def test_an_old_visit_filed_after_reopening_does_not_count_as_the_visit_due(station_user, director_a, closed):
    reopen_case(by=station_user, child=closed, reason="孩子返乡")
    record_visit(by=director_a, child=Child.objects.get(pk=closed.pk), visited_on=_days(-55), kind="home",
                 visitors="主任")
    assert Child.objects.get(pk=closed.pk).next_visit_due == _days(1)


def test_a_visit_frequency_change_keeps_the_reopened_case_due_within_a_day(station_user, closed):
    reopen_case(by=station_user, child=closed, reason="孩子返乡")
    set_visit_policy(by=station_user, max_days={"red": 5}, seen=policy_fingerprint())
    assert Child.objects.get(pk=closed.pk).next_visit_due == _days(1)


def test_a_mandatory_report_reopening_a_case_is_due_within_a_day_not_weeks_overdue(station_user, director_a, closed):
    file_mandatory_report(by=station_user, child=closed, reporter_kind="citizen", situations=["injuries"],
                          summary="邻居听到孩子哭喊")
    assert Child.objects.get(pk=closed.pk).next_visit_due == _days(1)
    assert not VisitReminder.objects.filter(level__gt=1).exists()
    assert Notification.objects.filter(recipient=director_a, title="个案已重新开案：甲村").exists()


def test_a_reopened_case_in_a_village_without_a_director_tells_the_station(station_user, closed):
    colleague = UserFactory(username="station2")
    add_role(user=colleague, role=Role.STATION)
    reopen_case(by=station_user, child=closed, reason="孩子返乡")
    [told] = Notification.objects.filter(recipient=colleague)
    assert told.title == "个案已重新开案：甲村" and "已转工作站处理" in told.body
