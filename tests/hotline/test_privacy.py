"""The caller's number: encrypted, masked in lists and exports, whole only to the station through a logged action."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AccessLog

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


def test_only_station_gets_the_reveal_button(client, call, station_user, hotline_user):
    url = reverse("hotline:reveal_phone", args=[call.pk])
    client.force_login(station_user)
    assert url in client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    client.force_login(hotline_user)
    assert url not in client.get(reverse("hotline:detail", args=[call.pk])).content.decode()


def test_station_reveals_the_whole_number_and_it_is_logged(client, call, station_user):
    client.force_login(station_user)
    response = client.post(reverse("hotline:reveal_phone", args=[call.pk]))
    assert response.content.decode() == "13912345678"
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL)
    assert log.user == station_user and log.object_type == "hotline_call" and log.object_ids == [call.pk]


@pytest.mark.parametrize("fixture,status", [("hotline_user", 403), ("leader", 403), ("director_a", 404),
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
