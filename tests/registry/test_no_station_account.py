"""While the station has no active account (its staff left, an account switched off), what only the station was told
reaches the leadership group instead: a mandatory report, a closure request, a reminder nobody else may act on."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.services import file_mandatory_report, request_closure
from registry.models import Notification, User
from visits.reminders import run_reminder_pass

from ..visits.conftest import set_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def station_gone(station_user):
    User.objects.filter(pk=station_user.pk).update(is_active=False)


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_mandatory_report_reaches_the_leadership_when_the_station_has_nobody(station_gone, leader, director_a,
                                                                               police_user, child_a):
    file_mandatory_report(by=director_a, child=child_a, reporter_kind="school", situations=["injuries"],
                          summary="身上有伤")
    assert "收到强制报告" in _titles(leader)


def test_a_closure_request_reaches_the_leadership_when_the_station_has_nobody(station_gone, leader, director_a,
                                                                              child_a):
    request_closure(by=director_a, child=child_a, reason="已年满十八周岁")
    assert "结案申请待审批" in _titles(leader)


def test_a_week_late_visit_escalates_to_the_leadership_when_the_station_has_nobody(station_gone, leader,
                                                                                   director_a, child_a):
    today = timezone.localdate()
    set_due(child_a, today - dt.timedelta(days=7))
    run_reminder_pass(today=today)
    assert [title[:8] for title in _titles(leader)] == ["家访逾期升级提醒"]
    assert [title[:6] for title in _titles(director_a)] == ["家访到期提醒"]


def test_with_a_station_account_the_leadership_is_not_told_what_the_station_is(station_user, leader, director_a,
                                                                               child_a):
    request_closure(by=director_a, child=child_a, reason="已年满十八周岁")
    assert "结案申请待审批" in _titles(station_user) and _titles(leader) == []
