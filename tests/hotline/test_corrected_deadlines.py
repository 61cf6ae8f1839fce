"""A closed call whose day or urgency is corrected is judged against the corrected deadline: the report's response
figures count it answered late when it was (the deadline moved with the call's time only while it was open)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.scope import current_month
from hotline import services

pytestmark = pytest.mark.django_db


def _at(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _closed_call(by, received, closed, urgency="normal"):
    call = services.log_call(by=by, received_at=received, caller_relation="neighbour", call_type="help",
                             urgency=urgency, summary="测试")
    call = services.close_call(call=call, version=call.version, by=by, outcome="已处理")
    type(call).objects.filter(pk=call.pk).update(closed_at=closed)
    call.refresh_from_db()
    return call


def _on_time_and_late(client, month, urgency):
    body = client.get(reverse("dashboard:report"), {"month": month.key}).content.decode()
    row = re.search(rf'<tr data-urgency="{urgency}">(.*?)</tr>', body, re.S).group(1)
    return tuple(int(re.search(rf'data-col="{col}">(?:<a [^>]*>)?(\d+)<', row).group(1))
                 for col in ("on_time", "late"))


def test_a_closed_call_whose_day_is_corrected_earlier_counts_as_answered_late(client, leader, hotline_user):
    month = current_month().previous()
    typed = _at(month.first + dt.timedelta(days=20), 10)  # the 21st typed for the 2nd
    call = _closed_call(hotline_user, typed, closed=typed + dt.timedelta(days=1))
    corrected = _at(month.first + dt.timedelta(days=1), 10)
    call = services.update_call(call=call, by=hotline_user, version=call.version, received_at=corrected)
    assert call.follow_up_due == corrected + dt.timedelta(days=7)
    client.force_login(leader)
    assert _on_time_and_late(client, month, "normal") == (0, 1)


def test_a_closed_call_corrected_to_urgent_counts_as_answered_late(client, leader, hotline_user):
    month = current_month().previous()
    received = _at(month.first + dt.timedelta(days=1), 10)
    call = _closed_call(hotline_user, received, closed=received + dt.timedelta(days=3))
    services.update_call(call=call, by=hotline_user, version=call.version, urgency="urgent")
    client.force_login(leader)
    assert _on_time_and_late(client, month, "urgent") == (0, 1)


def test_a_closed_call_keeps_its_closure_when_its_day_is_corrected(hotline_user):
    received = timezone.now() - dt.timedelta(days=3)
    call = _closed_call(hotline_user, received, closed=received + dt.timedelta(hours=2))
    call = services.update_call(call=call, by=hotline_user, version=call.version,
                                received_at=received - dt.timedelta(hours=1))
    call.refresh_from_db()
    assert (call.status, call.outcome) == (call.Status.CLOSED, "已处理")
