"""The operator's logging page: one page by keyboard, invalid calls in two clicks, bad input refused in Chinese."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline.models import HotlineCall, IssueCategory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _post(client, headers=None, **extra):
    data = {
        "received_at": _local(timezone.now() - dt.timedelta(minutes=3)), "call_type": "report",
        "caller_relation": "neighbour", "caller_phone": "", "urgency": "urgent",
        "categories": [IssueCategory.objects.get(code="neglect").pk], "summary": "邻居反映孩子长期无人照看",
        "action": "home_visit", "office": "", "duration_minutes": "6",
    }
    data.update(extra)
    return client.post(reverse("hotline:new"), data, headers=headers)


def test_log_page_is_one_keyboard_form_with_time_prefilled(client, hotline_user):
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:new")).content.decode()
    form = body[body.index('id="call-form"'):]
    expected = ["received_at", "call_type", "caller_relation", "caller_phone", "urgency", "categories",
                "summary", "action", "office", "duration_minutes"]
    names = re.findall(r'name="(' + "|".join(expected) + ')"', form)
    assert list(dict.fromkeys(names)) == expected
    assert re.search(r'type="radio"[^>]*name="call_type" value="help"\s+autofocus', form)
    assert 'tabindex="-1"' not in form and 'type="submit"' in form
    assert f'value="{_local(timezone.now())[:13]}' in form  # received_at defaults to now (to the hour here)
    assert "js/hotline.js" in body


def test_operator_logs_a_call_and_sees_it(client, hotline_user):
    client.force_login(hotline_user)
    response = _post(client)
    call = HotlineCall.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("hotline:detail", args=[call.pk])
    assert call.operator == hotline_user and call.caller_phone == ""
    assert [c.code for c in call.categories.all()] == ["neglect"]
    assert call.follow_up_due is not None and call.duration_minutes == 6


def test_the_page_script_gets_the_stored_calls_address_and_that_page_confirms(client, hotline_user):
    """drafts.js posts with X-Draft-Fetch: it drops its copy of the input only on this answer."""
    client.force_login(hotline_user)
    response = _post(client, headers={"X-Draft-Fetch": "1"})
    call = HotlineCall.objects.get()
    assert response.status_code == 200 and response.json() == {"location": reverse("hotline:detail", args=[call.pk])}
    assert "来电已登记" in client.get(response.json()["location"]).content.decode()


def test_the_form_keeps_typed_calls_in_the_browser_only_when_logging_a_new_one(client, hotline_user, call_a):
    client.force_login(hotline_user)
    new = client.get(reverse("hotline:new")).content.decode()
    assert f'data-draft-key="zhanpu-call-draft-{hotline_user.pk}"' in new
    edit = client.get(reverse("hotline:edit", args=[call_a.pk])).content.decode()
    assert "data-draft-key" not in edit


def test_invalid_call_takes_one_button_and_a_confirmation(client, hotline_user):
    client.force_login(hotline_user)
    page = client.get(reverse("hotline:new")).content.decode()
    assert re.search(r'data-confirm="[^"]*沉默[^"]*" data-invalid="invalid_silent"', page)
    for kind in ("invalid_silent", "invalid_hangup", "invalid_harass", "invalid_wrong"):
        assert f'data-invalid="{kind}"' in page
    response = client.post(reverse("hotline:invalid"), {"call_type": "invalid_hangup"}, follow=True)
    call = HotlineCall.objects.get()
    assert call.call_type == "invalid_hangup" and call.status == HotlineCall.Status.CLOSED
    assert "已登记：无效来电：挂断" in response.content.decode()


def test_invalid_call_needs_post(client, hotline_user):
    client.force_login(hotline_user)
    assert client.get(reverse("hotline:invalid")).status_code == 405
    assert not HotlineCall.objects.exists()


def test_call_in_the_future_is_refused_and_input_kept(client, hotline_user):
    client.force_login(hotline_user)
    response = _post(client, received_at=_local(timezone.now() + dt.timedelta(days=1)))
    body = response.content.decode()
    assert response.status_code == 200 and not HotlineCall.objects.exists()
    assert "来电时间不能晚于现在。" in body and "邻居反映孩子长期无人照看" in body


def test_bad_phone_is_refused_in_chinese_and_input_kept(client, hotline_user):
    client.force_login(hotline_user)
    body = _post(client, caller_phone="12345").content.decode()
    assert "电话号码格式不正确" in body and 'value="12345"' in body
    assert not HotlineCall.objects.exists()


def test_missing_fields_of_a_valid_call_are_named(client, hotline_user):
    client.force_login(hotline_user)
    body = _post(client, caller_relation="", urgency="", summary="").content.decode()
    assert "请选择来电人身份" in body and "请选择紧急程度。" in body and "请填写来电内容摘要。" in body


@pytest.mark.parametrize("fixture", ["leader", "director_a", "police_user", "admin_account"])
def test_only_operator_and_station_log_calls(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("hotline:new")).status_code == 403
    assert client.post(reverse("hotline:invalid"), {"call_type": "invalid_silent"}).status_code == 403
    assert not HotlineCall.objects.exists()


def test_station_logs_calls_too(client, station_user):
    client.force_login(station_user)
    assert _post(client).status_code == 302


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("hotline:new"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _edit_data(call, **extra):
    data = {
        "received_at": _local(call.received_at), "call_type": call.call_type, "caller_relation": call.caller_relation,
        "caller_phone": call.caller_phone, "urgency": call.urgency, "summary": call.summary, "action": "",
        "office": "", "duration_minutes": "", "version": call.version,
    }
    data.update(extra)
    return data


def test_edit_with_a_stale_version_is_refused_and_input_kept(client, hotline_user, station_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(station_user)
    response = client.post(reverse("hotline:edit", args=[call.pk]), _edit_data(call, summary="工作站修改"))
    assert response.status_code == 302
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:edit", args=[call.pk]), _edit_data(call, summary="接线员修改"))
    body = response.content.decode()
    assert "已被他人修改" in body and "接线员修改" in body
    call.refresh_from_db()
    assert call.summary == "工作站修改"


def test_edit_can_turn_a_mistaken_invalid_call_into_a_real_one(client, hotline_user):
    client.force_login(hotline_user)
    client.post(reverse("hotline:invalid"), {"call_type": "invalid_silent"})
    call = HotlineCall.objects.get()
    response = client.post(reverse("hotline:edit", args=[call.pk]), _edit_data(
        call, call_type="help", caller_relation="self", urgency="normal", summary="孩子本人求助"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.call_type == "help" and call.version == 2 and call.status == HotlineCall.Status.OPEN


def _key_on_the_page(client):
    body = client.get(reverse("hotline:new")).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body).group(1)


def test_a_call_sent_again_after_its_answer_was_lost_is_logged_once(client, hotline_user):
    client.force_login(hotline_user)
    key = _key_on_the_page(client)
    received = _local(timezone.now() - dt.timedelta(minutes=3))
    first = _post(client, headers={"X-Draft-Fetch": "1"}, submission_key=key, received_at=received)
    again = _post(client, headers={"X-Draft-Fetch": "1"}, submission_key=key, received_at=received)
    call = HotlineCall.objects.get()
    assert first.json() == again.json() == {"location": reverse("hotline:detail", args=[call.pk])}


def test_another_call_typed_into_a_used_form_is_refused_with_its_input_kept(client, hotline_user):
    client.force_login(hotline_user)
    key = _key_on_the_page(client)
    _post(client, submission_key=key)
    response = _post(client, submission_key=key, summary="另一通来电：学校反映学生失学")
    body = response.content.decode()
    assert response.status_code == 200 and "这份表单已经提交过" in body and "学校反映学生失学" in body
    assert HotlineCall.objects.count() == 1


def test_editing_a_call_has_no_submission_key(client, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    assert 'name="submission_key"' not in client.get(reverse("hotline:edit", args=[call.pk])).content.decode()
