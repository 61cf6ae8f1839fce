"""Closure requests and decisions are checked on the case as it is now (locked), not on the copy the page read: a
request sent twice is recorded once, and a decision on a case a mandatory report reopened meanwhile changes nothing
and says so, the reason typed kept."""


import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from cases.models import Child, MandatoryReport, RiskTier, StatusChange
from cases.services import approve_closure, file_mandatory_report, reject_closure, request_closure
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db


def _report(by, child):
    return file_mandatory_report(by=by, child=child, reporter_kind=MandatoryReport.ReporterKind.SCHOOL,
                                 situations=[MandatoryReport.Situation.INJURIES], summary="身上多处伤痕")


def _status(client, child, action, reason):
    return client.post(reverse("cases:status_change", args=[child.pk, action]), {"reason": reason})


def test_a_second_close_request_with_another_reason_is_recorded_once_and_told_why(client, director_a, station_user,
                                                                                  child_a):
    client.force_login(director_a)
    assert _status(client, child_a, "request_close", "已迁出本镇").status_code == 302
    again = _status(client, child_a, "request_close", "已迁出本县")  # the same one sent again: test_casework_sent_twice
    body = again.content.decode()
    assert again.status_code == 200 and "只有在册跟进的个案可以申请结案" in body and "已迁出本县" in body
    assert StatusChange.objects.filter(child=child_a, kind=StatusChange.Kind.REQUEST_CLOSE).count() == 1


def test_a_close_request_from_a_copy_read_before_another_request_is_refused(director_a, child_a):
    first, second = Child.objects.get(pk=child_a.pk), Child.objects.get(pk=child_a.pk)
    request_closure(by=director_a, child=first, reason="迁出")
    with pytest.raises(ValidationError, match="只有在册跟进的个案可以申请结案"):
        request_closure(by=director_a, child=second, reason="已迁出本镇")


@pytest.mark.parametrize("decide", [approve_closure, reject_closure])
def test_a_decision_on_a_case_a_mandatory_report_reopened_meanwhile_changes_nothing(
        director_a, station_user, hotline_user, police_user, child_a, decide):
    request_closure(by=director_a, child=child_a, reason="已随父母迁出本镇")
    read_by_the_station = Child.objects.get(pk=child_a.pk)
    _report(hotline_user, Child.objects.get(pk=child_a.pk))
    assert decide(by=station_user, child=read_by_the_station, reason="同意") is None
    child = Child.objects.get(pk=child_a.pk)
    assert (child.status, child.tier) == (Child.Status.OPEN, RiskTier.RED)
    assert list(child.status_changes.order_by("pk").values_list("kind", flat=True)) == ["request_close", "reopen"]


def test_the_approval_page_says_the_case_no_longer_waits_and_keeps_the_reason(client, director_a, station_user,
                                                                             hotline_user, police_user, child_a):
    request_closure(by=director_a, child=child_a, reason="已随父母迁出本镇")
    _report(hotline_user, Child.objects.get(pk=child_a.pk))  # while the station read the request
    client.force_login(station_user)
    response = _status(client, child_a, "approve_close", "核实无误，同意结案")
    body = response.content.decode()
    assert response.status_code == 200
    assert "该个案没有待审批的结案申请" in body and "核实无误，同意结案" in body and "在册跟进" in body
    assert Child.objects.get(pk=child_a.pk).status == Child.Status.OPEN


def test_a_closure_approved_twice_is_decided_once(client, director_a, station_user, child_a):
    request_closure(by=director_a, child=child_a, reason="已迁出本镇")
    client.force_login(station_user)
    assert _status(client, child_a, "approve_close", "同意").status_code == 302
    assert _status(client, child_a, "approve_close", "同意").status_code == 302  # sent again: answered as the first
    assert "该个案没有待审批的结案申请" in _status(client, child_a, "approve_close", "同意结案").content.decode()
    assert StatusChange.objects.filter(child=child_a, kind=StatusChange.Kind.APPROVE_CLOSE).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_two_different_close_requests_at_once_are_recorded_once(director_a, child_a):
    reasons = iter(["迁出", "已迁出本镇"])
    results = at_once(lambda: request_closure(by=director_a, child=Child.objects.get(pk=child_a.pk),
                                              reason=next(reasons)))
    assert sorted(type(result).__name__ for result in results) == ["StatusChange", "ValidationError"]
    assert StatusChange.objects.filter(child=child_a, kind=StatusChange.Kind.REQUEST_CLOSE).count() == 1
