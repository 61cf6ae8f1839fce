"""Mandatory reports (红 + urgent referral to 派出所, reporter known to the station only), closure and timeline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import Child, MandatoryReport, Referral, RiskTier, StatusChange
from cases.selectors import child_timeline
from cases.services import add_note, file_mandatory_report
from registry.models import Notification
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _report(by, child, **extra):
    return file_mandatory_report(
        by=by, child=child, reporter_kind=MandatoryReport.ReporterKind.SCHOOL,
        situations=[MandatoryReport.Situation.INJURIES], summary="身上多处伤痕", reporter_name="王老师",
        reporter_phone="13700001234", **extra,
    )


def test_mandatory_report_sets_red_and_refers_urgently_to_police(hotline_user, police_user, child_a):
    child_a.last_visit_on = timezone.localdate() - dt.timedelta(days=5)
    child_a.tier = RiskTier.GREEN
    child_a.save()
    report = _report(hotline_user, child_a)
    child_a.refresh_from_db()
    assert child_a.tier == RiskTier.RED and child_a.needs_reassessment
    assert child_a.next_visit_due == timezone.localdate() + dt.timedelta(days=1)
    referral = report.referral
    assert referral.office.code == "police" and referral.urgent and referral.status == Referral.Status.PENDING
    assert Notification.objects.filter(recipient=police_user, title="新的紧急帮扶转介").exists()
    assert child_a.assessments.get().source == "mandatory_report"


def test_mandatory_report_reopens_a_closed_case(station_user, child_a):
    child_a.status = Child.Status.CLOSED
    child_a.save()
    _report(station_user, child_a)
    child_a.refresh_from_db()
    assert child_a.status == Child.Status.OPEN
    assert child_a.status_changes.get().kind == StatusChange.Kind.REOPEN


def test_mandatory_report_needs_a_situation(station_user, child_a, org):
    with pytest.raises(ValidationError):
        file_mandatory_report(by=station_user, child=child_a, reporter_kind="school", situations=[], summary="x")
    assert not MandatoryReport.objects.exists() and not Referral.objects.exists()


def test_reporter_identity_visible_to_station_only(client, station_user, director_a, leader, child_a):
    _report(station_user, child_a)
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert "王老师" in body and "137****1234" in body
    assert "13700001234" not in body  # the whole number only through the logged 显示
    for user in (director_a, leader):
        client.force_login(user)
        body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
        assert "身上多处伤痕" in body  # the report itself is on the file
        assert "王老师" not in body and "13700001234" not in body and "仅工作站可见" in body


def test_station_reveals_reporter_phone_with_a_log_and_no_one_else_can(client, station_user, director_a, leader,
                                                                        child_a):
    report = _report(station_user, child_a)
    url = reverse("audit:reveal_reporter_phone", args=[report.pk])
    for user in (director_a, leader):
        client.force_login(user)
        response = client.post(url)
        assert response.status_code == 403 and b"13700001234" not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()
    client.force_login(station_user)
    response = client.post(url)
    assert response.content.decode() == '<a href="tel:13700001234">13700001234</a>'
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert (log.user, log.object_type, log.object_ids, log.detail) == (
        station_user, "mandatory_report", [report.pk], "reporter_phone")


def test_reporter_identity_is_encrypted_and_not_in_history(station_user, child_a):
    report = _report(station_user, child_a)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name FROM cases_mandatoryreport WHERE id = %s", [report.pk])
        assert cursor.fetchone()[0] != "王老师"
    assert not hasattr(report.history.first(), "reporter_name")


def test_director_files_report_through_the_form(client, director_a, child_a, org):
    client.force_login(director_a)
    response = client.post(reverse("cases:mandatory_report_create", args=[child_a.pk]), {
        "reporter_kind": "village_committee", "situations": ["abandoned"], "summary": "长期无人照料",
    })
    assert response.status_code == 302
    assert Child.objects.get(pk=child_a.pk).tier == RiskTier.RED


@pytest.mark.parametrize("fixture, status", [("leader", 403), ("director_b", 404), ("police_user", 404)])
def test_mandatory_report_form_refusals(client, request, fixture, status, child_a):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("cases:mandatory_report_create", args=[child_a.pk]), {
        "reporter_kind": "school", "situations": ["abandoned"], "summary": "x"})
    assert response.status_code == status and not MandatoryReport.objects.exists()


def _status(client, child, action, reason=""):
    return client.post(reverse("cases:status_change", args=[child.pk, action]), {"reason": reason})


def test_closure_needs_reason_and_station_approval_then_reopen(client, director_a, station_user, child_a):
    client.force_login(director_a)
    response = _status(client, child_a, "request_close")
    assert response.status_code == 200 and "申请结案必须填写理由" in response.content.decode()
    assert _status(client, child_a, "request_close", "已随父母迁出本镇").status_code == 302
    assert Child.objects.get(pk=child_a.pk).status == Child.Status.CLOSING
    assert Notification.objects.filter(recipient=station_user, title="结案申请待审批").exists()
    assert _status(client, child_a, "approve_close").status_code == 403  # a director cannot approve

    client.force_login(station_user)
    page = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert reverse("cases:status_change", args=[child_a.pk, "approve_close"]) in page
    assert _status(client, child_a, "approve_close").status_code == 302
    child_a.refresh_from_db()
    assert child_a.status == Child.Status.CLOSED and child_a.next_visit_due is None

    client.force_login(director_a)
    response = _status(client, child_a, "reopen")
    assert "重新开案必须填写理由" in response.content.decode()
    _status(client, child_a, "reopen", "返乡")
    child_a.refresh_from_db()
    assert child_a.status == Child.Status.OPEN and child_a.next_visit_due is not None


def test_station_rejects_closure_with_reason(client, director_a, station_user, child_a):
    client.force_login(director_a)
    _status(client, child_a, "request_close", "情况好转")
    client.force_login(station_user)
    assert "驳回结案申请必须填写理由" in _status(client, child_a, "reject_close").content.decode()
    _status(client, child_a, "reject_close", "仍需跟踪")
    assert Child.objects.get(pk=child_a.pk).status == Child.Status.OPEN


@pytest.mark.parametrize("fixture, status", [("leader", 403), ("director_b", 404), ("hotline_user", 404)])
def test_status_change_refusals(client, request, fixture, status, child_a):
    client.force_login(request.getfixturevalue(fixture))
    assert _status(client, child_a, "request_close", "x").status_code == status
    assert Child.objects.get(pk=child_a.pk).status == Child.Status.OPEN


def test_timeline_merges_everything_newest_first(station_user, child_a, org):
    from cases.services import add_intervention, assess_risk

    assess_risk(by=station_user, child=child_a, indicators=[], assessed_on=timezone.localdate() - dt.timedelta(days=3))
    add_intervention(by=station_user, child=child_a, kind="counselling", done_by="社工",
                     done_on=timezone.localdate() - dt.timedelta(days=2))
    _report(station_user, child_a)
    add_note(by=station_user, child=child_a, text="最新备注")
    kinds = [event["kind"] for event in child_timeline(child_a)]
    assert kinds[0] == "note"
    assert set(kinds) >= {"assessment", "intervention", "referral", "mandatory_report", "note"}
    assert kinds[-1] == "assessment"
    assert "王老师" not in str(child_timeline(child_a))


def test_intervention_form_and_refusal(client, director_a, director_b, child_a):
    client.force_login(director_b)
    url = reverse("cases:intervention_create", args=[child_a.pk])
    data = {"kind": "living", "done_on": timezone.localdate().isoformat(), "done_by": "村妇联", "notes": "送米面"}
    assert client.post(url, data).status_code == 404
    client.force_login(director_a)
    assert client.post(url, data).status_code == 302
    assert child_a.interventions.get().done_by == "村妇联"
    page = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert "生活帮扶" in page and "送米面" in page


@pytest.mark.parametrize("field, message", [
    ("birth_date", "干预日期不能早于儿童出生日期。"), ("registered_on", "干预日期不能早于建档日期。"),
])
def test_an_intervention_before_birth_or_registration_is_refused_and_input_kept(
    client, director_a, child_a, field, message
):
    before = getattr(child_a, field) - dt.timedelta(days=1)
    client.force_login(director_a)
    response = client.post(reverse("cases:intervention_create", args=[child_a.pk]), {
        "kind": "living", "done_on": before.isoformat(), "done_by": "村妇联", "notes": "补录的帮扶",
    })
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "补录的帮扶" in body
    assert not child_a.interventions.exists()


def test_no_mandatory_report_on_a_merged_duplicate(client, station_user, child_a, village_a):
    copy = ChildFactory(village=village_a, name=child_a.name, birth_date=child_a.birth_date, id_number="",
                        status=Child.Status.CLOSED, merged_into=child_a)
    with pytest.raises(ValidationError, match=f"已合并至档案 {child_a.pk}"):
        _report(station_user, copy)
    copy.refresh_from_db()
    assert copy.status == Child.Status.CLOSED and not MandatoryReport.objects.exists()


@pytest.mark.parametrize("decision,title", [("approve", "结案申请已批准"), ("reject", "结案申请被驳回，请继续跟进")])
def test_the_director_who_asked_to_close_learns_the_stations_decision(director_a, station_user, child_a, decision,
                                                                      title):
    from cases.services import approve_closure, reject_closure, request_closure

    request_closure(by=director_a, child=child_a, reason="已随父母迁往外省")
    if decision == "approve":
        approve_closure(by=station_user, child=child_a)
    else:
        reject_closure(by=station_user, child=child_a, reason="监护情况仍需跟进")
    note = Notification.objects.get(recipient=director_a)
    assert note.title == title and note.url == reverse("cases:child_detail", args=[child_a.pk])
