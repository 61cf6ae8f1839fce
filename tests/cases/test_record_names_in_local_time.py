"""Records named by a time (in the admin's page titles, breadcrumbs, inline rows and history) give it in the
portal's time zone (Asia/Shanghai), not in UTC: a report made at 07:30 on 12-01 is not named by 11-30."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AccessLog
from cases.models import MandatoryReport
from hotline.models import CallFeedback, CallReminder
from registry.models import Task, TaskNote
from tests.hotline.factories import CallFactory
from tests.registry.factories import TaskFactory

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 12, 1, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # 2026-11-30 23:30 UTC


def _report(child):
    return MandatoryReport.objects.create(child=child, reporter_kind=MandatoryReport.ReporterKind.values[0],
                                          summary="邻居反映", reported_at=MORNING)


def _call_reminder(child):
    return CallReminder.objects.create(call=CallFactory(), due=MORNING, level=1)


def _call_feedback(child):
    feedback = CallFeedback.objects.create(call=CallFactory(), text="已处理")
    CallFeedback.objects.filter(pk=feedback.pk).update(created_at=MORNING)  # auto_now_add: set afterwards
    return feedback


def _access_log_entry(child):
    entry = AccessLog.objects.create(username="station", action=AccessLog.Action.VIEW)
    AccessLog.objects.filter(pk=entry.pk).update(at=MORNING)
    return entry


def _task_note(child):
    note = TaskNote.objects.create(task=TaskFactory(title="排查"), text="进展", status=Task.Status.DOING)
    TaskNote.objects.filter(pk=note.pk).update(created_at=MORNING)
    return note


@pytest.mark.parametrize("make,name", [
    pytest.param(_report, "甲村儿童 2026-12-01", id="mandatory report"),
    pytest.param(_call_reminder, " 2026-12-01 07:30 L1", id="call reminder"),
    pytest.param(_call_feedback, " 2026-12-01 07:30", id="call feedback"),
    pytest.param(_access_log_entry, "2026-12-01 07:30 station ", id="access log entry"),
    pytest.param(_task_note, "排查 2026-12-01", id="task note"),
])
def test_a_record_is_named_by_its_time_in_the_portals_time_zone(child_a, make, name):
    record = make(child_a)
    record.refresh_from_db()  # as the admin reads it: in UTC from the database
    assert name in str(record)


def test_the_admin_page_of_a_mandatory_report_is_titled_by_its_local_day(client, leader, child_a):
    report = _report(child_a)
    leader.user_permissions.add(Permission.objects.get(codename="view_mandatoryreport"))
    client.force_login(leader)
    response = client.get(reverse("admin:cases_mandatoryreport_change", args=[report.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "甲村儿童 2026-12-01" in html and "甲村儿童 2026-11-30" not in html
