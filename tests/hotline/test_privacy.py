"""The caller's number: encrypted, masked in lists and exports, whole only to the station and the operators (who call
back) through a logged action."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AccessLog
from registry.roles import Role
from registry.services import add_role
from tests.factories import UserFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(hotline_user):
    return CallFactory(operator=hotline_user, caller_phone="13912345678")


@pytest.mark.parametrize("fixture", ["station_user", "hotline_user", "leader"])
def test_ledger_masks_the_phone_for_everyone(client, request, call, fixture):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("hotline:ledger")).content.decode()
    assert "139****5678" in body and "13912345678" not in body


@pytest.mark.parametrize("fixture", ["station_user", "hotline_user", "leader"])
def test_call_page_masks_the_phone(client, request, call, fixture):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert "139****5678" in body and "13912345678" not in body


@pytest.mark.parametrize("fixture,shown", [("station_user", True), ("hotline_user", True), ("leader", False)])
def test_only_the_station_and_operators_get_the_reveal_button(client, request, call, fixture, shown):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert (reverse("hotline:reveal_phone", args=[call.pk]) in body) is shown


@pytest.mark.parametrize("fixture", ["station_user", "hotline_user"])
def test_station_and_operator_reveal_the_whole_number_and_it_is_logged(client, request, call, fixture):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    response = client.post(reverse("hotline:reveal_phone", args=[call.pk]))
    assert response.content.decode() == '<a href="tel:13912345678">13912345678</a>'  # dials on a phone
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert log.user == user and log.object_type == "hotline_call" and log.object_ids == [call.pk]


def test_operator_reveals_the_number_of_a_call_another_operator_took(client, call):
    """The callback (回访) may fall to whoever is on duty, not only to whoever took the call."""
    colleague = UserFactory(username="hotline2")
    add_role(user=colleague, role=Role.HOTLINE)
    client.force_login(colleague)
    assert client.post(reverse("hotline:reveal_phone", args=[call.pk])).content.decode() == (
        '<a href="tel:13912345678">13912345678</a>')


@pytest.mark.parametrize("fixture,status", [("leader", 403), ("police_user", 404), ("director_a", 404),
                                            ("admin_account", 404)])
def test_others_cannot_reveal(client, request, call, fixture, status):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("hotline:reveal_phone", args=[call.pk]))
    assert response.status_code == status and b"13912345678" not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL).exists()


def test_reveal_needs_post(client, call, station_user):
    client.force_login(station_user)
    assert client.get(reverse("hotline:reveal_phone", args=[call.pk])).status_code == 405


def _export_phones(client):
    response = client.get(reverse("hotline:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("来电号码")
    return [row[column] for row in rows[1:]]


def test_export_masks_the_phone_for_every_role_the_station_too(client, call, hotline_user, station_user):
    for user in (hotline_user, station_user):
        client.force_login(user)
        assert _export_phones(client) == ["139****5678"]


def test_anonymous_caller_has_no_number(client, hotline_user):
    call = CallFactory(operator=hotline_user, caller_phone="", caller_relation="anonymous")
    client.force_login(hotline_user)
    assert "未留号码" in client.get(reverse("hotline:detail", args=[call.pk])).content.decode()


def test_edit_form_never_shows_the_whole_number_and_blank_keeps_it(client, call, hotline_user):
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:edit", args=[call.pk])).content.decode()
    assert "13912345678" not in body and "139****5678" in body
    data = {
        "received_at": timezone.localtime(call.received_at).strftime("%Y-%m-%dT%H:%M"), "call_type": "help",
        "caller_relation": "neighbour", "caller_phone": "", "urgency": "normal", "summary": "改摘要", "version": 1,
    }
    assert client.post(reverse("hotline:edit", args=[call.pk]), data).status_code == 302
    call.refresh_from_db()
    assert call.caller_phone == "13912345678" and call.summary == "改摘要"
    client.post(reverse("hotline:edit", args=[call.pk]), {**data, "caller_phone": "13700001111", "version": 2})
    call.refresh_from_db()
    assert call.caller_phone == "13700001111"


def test_station_sees_the_change_history_of_a_call_operator_does_not(client, station_user, hotline_user, call_a):
    from django.urls import reverse

    call_a.summary = "更正后的摘要"
    call_a.save()
    client.force_login(station_user)
    assert "修改记录" in client.get(reverse("hotline:detail", args=[call_a.pk])).content.decode()
    client.force_login(hotline_user)
    assert "修改记录" not in client.get(reverse("hotline:detail", args=[call_a.pk])).content.decode()


# --- a mandatory reporter's identity: the station's and the operators' only (DESIGN §3)

@pytest.fixture
def report_call(hotline_user, child_a):
    """A teacher's call that was filed as a mandatory report, linked to village A's child; and a consultation from
    the same number, also about the child."""
    report = CallFactory(operator=hotline_user, child=child_a, caller_relation="teacher", caller_phone="13955556666",
                         action="mandatory_report", mandatory_report_filed_at=timezone.now(), summary="孩子身上有伤")
    CallFactory(operator=hotline_user, child=child_a, caller_relation="teacher", caller_phone="13955556666",
                action="answered", summary="咨询监护政策")
    return report


@pytest.mark.parametrize("fixture", ["director_a", "leader"])
def test_reporter_withheld_on_the_call_page(client, request, report_call, fixture):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("hotline:detail", args=[report_call.pk])).content.decode()
    assert "孩子身上有伤" in body and "data-caller-withheld" in body  # the call itself, not its caller
    assert "139****6666" not in body and "教师" not in body.split("来电类型")[0].split("来电人")[-1]
    other = report_call.__class__.objects.get(summary="咨询监护政策")
    assert 'id="same-number"' not in body  # the same number's other calls would name the reporter
    assert reverse("hotline:detail", args=[other.pk]) not in body


@pytest.mark.parametrize("fixture", ["station_user", "hotline_user"])
def test_station_and_operators_see_the_reporter(client, request, report_call, fixture):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("hotline:detail", args=[report_call.pk])).content.decode()
    other = report_call.__class__.objects.get(summary="咨询监护政策")
    assert "139****6666" in body and "data-caller-withheld" not in body
    assert reverse("hotline:detail", args=[other.pk]) in body


def test_other_calls_of_a_reporter_do_not_list_the_report(client, director_a, report_call):
    other = report_call.__class__.objects.get(summary="咨询监护政策")
    client.force_login(director_a)
    body = client.get(reverse("hotline:detail", args=[other.pk])).content.decode()
    assert "139****6666" in body  # an ordinary call keeps its caller
    assert reverse("hotline:detail", args=[report_call.pk]) not in body


@pytest.mark.parametrize("fixture", ["director_a", "leader"])
def test_reporter_withheld_in_the_ledger_and_its_export(client, request, report_call, fixture):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("hotline:ledger")).content.decode()
    row = body.split(f'data-call="{report_call.pk}"')[1].split("</tr>")[0]
    assert "data-caller-withheld" in row and "139****6666" not in row and "教师" not in row
    sheet = load_workbook(io.BytesIO(client.get(reverse("hotline:export")).content)).active
    rows = {row[9]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["孩子身上有伤"][4:6] == ("保密", "保密")
    assert rows["咨询监护政策"][4:6] == ("教师", "139****6666")


def test_station_ledger_export_keeps_the_reporter_masked(client, station_user, report_call):
    client.force_login(station_user)
    sheet = load_workbook(io.BytesIO(client.get(reverse("hotline:export")).content)).active
    rows = {row[9]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["孩子身上有伤"][4:6] == ("教师", "139****6666")


@pytest.mark.parametrize("fixture", ["hotline_user", "station_user", "leader", "director_a"])
def test_a_call_page_naming_a_child_is_logged_as_a_view_of_the_child(client, request, hotline_user, child_a, fixture):
    call = CallFactory(operator=hotline_user, child=child_a)
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    assert child_a.name in client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    log = AccessLog.objects.get(action=AccessLog.Action.VIEW)
    assert (log.user, log.object_type, log.object_ids, log.detail) == (user, "child", [child_a.pk],
                                                                        f"hotline_call {call.pk}")


def test_a_call_without_a_child_or_a_refused_call_page_logs_no_view(client, hotline_user, director_b, child_a):
    client.force_login(hotline_user)
    assert client.get(reverse("hotline:detail", args=[CallFactory(operator=hotline_user).pk])).status_code == 200
    client.force_login(director_b)
    linked = CallFactory(operator=hotline_user, child=child_a)
    assert client.get(reverse("hotline:detail", args=[linked.pk])).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.VIEW).exists()
