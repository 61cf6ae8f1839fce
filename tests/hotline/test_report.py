"""强制报告 in one step from a call that reports harm (cases.services.file_mandatory_report)."""

import pytest
from django.urls import reverse

from cases.models import MandatoryReport
from hotline.models import HotlineCall, IssueCategory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def harm_call(org, hotline_user, child_a):
    return CallFactory(
        operator=hotline_user, child=child_a, call_type="report", caller_phone="13912345678",
        summary="老师反映孩子身上多处淤青", categories=[IssueCategory.objects.get(code="violence_physical")],
    )


def test_report_form_is_prefilled_from_the_call(client, hotline_user, harm_call):
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:detail", args=[harm_call.pk])).content.decode()
    assert reverse("hotline:report", args=[harm_call.pk]) in body
    form = client.get(reverse("hotline:report", args=[harm_call.pk])).context["form"]
    assert form.initial["situations"] == ["injuries"] and form.initial["reporter_kind"] == "hotline"
    assert form.initial["summary"] == "老师反映孩子身上多处淤青"


def test_operator_files_the_report_in_one_step(client, hotline_user, harm_call, child_a):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:report", args=[harm_call.pk]), {
        "version": harm_call.version, "reporter_kind": "hotline", "situations": ["injuries"],
        "summary": "老师反映孩子身上多处淤青", "reporter_name": "",
    })
    assert response.status_code == 302
    report = MandatoryReport.objects.get()
    assert report.child == child_a and report.situations == ["injuries"] and report.recorded_by == hotline_user
    assert report.reporter_phone == "13912345678"
    harm_call.refresh_from_db()
    assert harm_call.mandatory_report_filed_at is not None
    assert harm_call.action == HotlineCall.Action.MANDATORY_REPORT and harm_call.version == 2


def test_report_without_a_situation_is_refused_and_kept(client, hotline_user, harm_call):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:report", args=[harm_call.pk]), {
        "version": harm_call.version, "reporter_kind": "hotline", "summary": "摘要保留",
    })
    assert response.status_code == 200 and "摘要保留" in response.content.decode()
    assert not MandatoryReport.objects.exists()


def test_report_is_filed_once(client, hotline_user, harm_call):
    client.force_login(hotline_user)
    data = {"version": harm_call.version, "reporter_kind": "hotline", "situations": ["injuries"], "summary": "x"}
    client.post(reverse("hotline:report", args=[harm_call.pk]), data)
    body = client.post(reverse("hotline:report", args=[harm_call.pk]), {**data, "version": 2}).content.decode()
    assert "该来电已提交强制报告。" in body and MandatoryReport.objects.count() == 1


def test_call_without_a_child_cannot_report_yet(client, org, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    assert "data-needs-child" in client.get(reverse("hotline:report", args=[call.pk])).content.decode()
    data = {"version": 1, "reporter_kind": "hotline", "situations": ["injuries"], "summary": "x"}
    body = client.post(reverse("hotline:report", args=[call.pk]), data).content.decode()
    assert "请先将来电关联到儿童档案" in body and not MandatoryReport.objects.exists()


@pytest.mark.parametrize("fixture,status", [("leader", 403), ("director_a", 403), ("director_b", 404),
                                            ("police_user", 404), ("admin_account", 404)])
def test_only_operator_and_station_file_from_a_call(client, request, harm_call, fixture, status):
    client.force_login(request.getfixturevalue(fixture))
    data = {"version": 1, "reporter_kind": "hotline", "situations": ["injuries"], "summary": "x"}
    assert client.post(reverse("hotline:report", args=[harm_call.pk]), data).status_code == status
    assert not MandatoryReport.objects.exists()
