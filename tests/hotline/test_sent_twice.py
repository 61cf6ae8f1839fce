"""A hotline form sent twice (a double tap; a phone resending after its answer was lost) files nothing new and is
answered as the first sending was; a different second submission, or a colleague's change in between, is still
refused as before."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child
from hotline import services
from hotline.models import CallFeedback, CallIntake, HotlineCall
from registry.models import Notification
from registry.roles import Role
from registry.services import add_role
from tests.factories import UserFactory, make_id_number
from zhanpu.widgets import DATETIME_FORMAT

from .factories import CallFactory

pytestmark = pytest.mark.django_db

FEEDBACK = "已联系监护人，孩子已由祖母照看"


def _keys_on(body: str) -> list[str]:
    return re.findall(r'name="submission_key" value="([0-9a-f-]{36})"', body)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime(DATETIME_FORMAT)


# 办理反馈


def test_feedback_sent_twice_is_stored_once_and_the_operator_told_once(client, call_police, police_user,
                                                                       hotline_user):
    client.force_login(police_user)
    [key] = _keys_on(client.get(reverse("hotline:detail", args=[call_police.pk])).content.decode())
    url = reverse("hotline:feedback", args=[call_police.pk])
    first = client.post(url, {"text": FEEDBACK, "submission_key": key})
    again = client.post(url, {"text": FEEDBACK, "submission_key": key})
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert str(CallFeedback.objects.get().submission_key) == key
    assert Notification.objects.filter(recipient=hotline_user).count() == 1


def test_feedback_sent_twice_from_a_page_without_a_key_is_stored_once(client, call_police, police_user,
                                                                      hotline_user):
    client.force_login(police_user)
    url = reverse("hotline:feedback", args=[call_police.pk])
    assert client.post(url, {"text": FEEDBACK}).status_code == client.post(url, {"text": FEEDBACK}).status_code == 302
    assert CallFeedback.objects.count() == 1
    assert Notification.objects.filter(recipient=hotline_user).count() == 1
    client.post(url, {"text": "孩子已返校"})  # a second, different feedback is its own
    assert CallFeedback.objects.count() == 2


def test_other_feedback_sent_with_a_used_key_is_refused(client, call_police, police_user):
    client.force_login(police_user)
    url = reverse("hotline:feedback", args=[call_police.pk])
    key = "6f1c1b8e-4a8e-4f7b-9a55-0d1f2e3c4b5a"
    client.post(url, {"text": FEEDBACK, "submission_key": key})
    response = client.post(url, {"text": "另一条反馈", "submission_key": key})
    assert response.status_code == 400 and "这份表单已经提交过" in response.content.decode()
    assert list(CallFeedback.objects.values_list("text", flat=True)) == [FEEDBACK]


def test_feedback_sent_twice_by_someone_who_may_not_write_it_is_refused_and_stores_nothing(client, call_police,
                                                                                           school_user):
    client.force_login(school_user)
    url = reverse("hotline:feedback", args=[call_police.pk])
    assert [client.post(url, {"text": FEEDBACK}).status_code for _ in range(2)] == [404, 404]
    assert not CallFeedback.objects.exists() and not Notification.objects.exists()


# The invalid-call buttons


def test_each_invalid_call_button_carries_its_own_key(client, hotline_user):
    client.force_login(hotline_user)
    keys = _keys_on(client.get(reverse("hotline:new")).content.decode())
    assert len(keys) == len(set(keys)) == 5  # four buttons and the call form


def test_an_invalid_call_button_tapped_twice_logs_one_call(client, hotline_user):
    client.force_login(hotline_user)
    key = _keys_on(client.get(reverse("hotline:new")).content.decode())[0]
    data = {"call_type": "invalid_hangup", "submission_key": key}
    first, again = client.post(reverse("hotline:invalid"), data), client.post(reverse("hotline:invalid"), data)
    assert first.status_code == again.status_code == 302 and first.url == again.url
    call = HotlineCall.objects.get()
    assert (call.call_type, str(call.submission_key)) == ("invalid_hangup", key)


def test_invalid_call_buttons_of_an_old_page_tapped_twice_in_a_minute_log_one_call(client, hotline_user):
    client.force_login(hotline_user)
    for _ in range(2):
        client.post(reverse("hotline:invalid"), {"call_type": "invalid_hangup"})
    client.post(reverse("hotline:invalid"), {"call_type": "invalid_silent"})  # another button: another call
    assert sorted(HotlineCall.objects.values_list("call_type", flat=True)) == ["invalid_hangup", "invalid_silent"]


def test_invalid_call_buttons_on_two_pages_log_two_calls(client, hotline_user):
    client.force_login(hotline_user)
    for _ in range(2):
        key = _keys_on(client.get(reverse("hotline:new")).content.decode())[1]
        client.post(reverse("hotline:invalid"), {"call_type": "invalid_hangup", "submission_key": key})
    assert HotlineCall.objects.count() == 2


def test_an_invalid_call_tapped_twice_by_someone_who_may_not_log_calls_is_refused(client, school_user):
    client.force_login(school_user)
    data = {"call_type": "invalid_hangup", "submission_key": "6f1c1b8e-4a8e-4f7b-9a55-0d1f2e3c4b5a"}
    assert [client.post(reverse("hotline:invalid"), data).status_code for _ in range(2)] == [403, 403]
    assert not HotlineCall.objects.exists()


# Callback, closure and correction


def _action_data(call, **extra):
    return {"version": call.version, "callback_at": _local(timezone.now() - dt.timedelta(minutes=1)),
            "callback_result": "已回访，孩子安全", "outcome": "已办结", **extra}


@pytest.mark.parametrize("action", ["callback", "close"])
def test_a_callback_or_closure_sent_twice_is_saved_once_and_answered_as_saved(client, hotline_user, action):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    url = reverse(f"hotline:{action}", args=[call.pk])
    data = _action_data(call)
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302 and first.url == again.url
    call.refresh_from_db()
    assert call.version == 2 and call.history.count() == 2  # created, then saved once


@pytest.mark.parametrize("action", ["callback", "close"])
def test_a_callback_or_closure_after_a_colleagues_is_still_refused(client, hotline_user, station_user, action):
    call = CallFactory(operator=hotline_user)
    data = _action_data(call)
    client.force_login(station_user)
    client.post(reverse(f"hotline:{action}", args=[call.pk]), data)  # the same content, saved by a colleague
    client.force_login(hotline_user)
    response = client.post(reverse(f"hotline:{action}", args=[call.pk]), data)
    # told why, also when the call is closed and its forms are no longer on the page
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()
    call.refresh_from_db()
    assert call.version == 2 and station_user.pk in (call.callback_by_id, call.closed_by_id)


def test_a_different_callback_sent_on_the_same_form_is_still_refused(client, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    url = reverse("hotline:callback", args=[call.pk])
    client.post(url, _action_data(call))
    response = client.post(url, _action_data(call, callback_result="未接通"))
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()
    call.refresh_from_db()
    assert call.callback_result == "已回访，孩子安全" and call.version == 2


def test_a_callback_sent_twice_by_someone_who_may_not_change_the_call_is_refused(client, hotline_user,
                                                                                 police_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(police_user)
    url = reverse("hotline:callback", args=[call.pk])
    assert [client.post(url, _action_data(call)).status_code for _ in range(2)] == [404, 404]
    call.refresh_from_db()
    assert call.version == 1 and not call.callback_result


def _edit_data(call, **changes):
    return {"received_at": _local(call.received_at), "call_type": "help", "caller_relation": call.caller_relation,
            "caller_phone": "", "urgency": call.urgency, "summary": "更正后的摘要", "action": "", "office": "",
            "duration_minutes": "", "version": call.version, **changes}


def test_a_correction_sent_twice_is_saved_once_and_answered_as_saved(client, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    url = reverse("hotline:edit", args=[call.pk])
    first, again = client.post(url, _edit_data(call)), client.post(url, _edit_data(call))
    assert first.status_code == again.status_code == 302 and first.url == again.url
    call.refresh_from_db()
    assert (call.summary, call.version, call.history.count()) == ("更正后的摘要", 2, 2)


def test_a_correction_to_invalid_sent_twice_is_answered_as_saved(client, hotline_user):
    call = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    url = reverse("hotline:edit", args=[call.pk])
    data = _edit_data(call, call_type="invalid_wrong")
    assert client.post(url, data).status_code == client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert (call.status, call.urgency, call.version) == (HotlineCall.Status.CLOSED, "", 2)


def test_a_different_correction_on_the_same_form_or_after_a_colleagues_is_still_refused(client, hotline_user,
                                                                                       station_user):
    call = CallFactory(operator=hotline_user)
    url = reverse("hotline:edit", args=[call.pk])
    client.force_login(hotline_user)
    client.post(url, _edit_data(call))
    response = client.post(url, _edit_data(call, summary="另一处更正"))
    assert "已被他人修改" in response.content.decode()
    other = CallFactory(operator=hotline_user)
    client.force_login(station_user)
    client.post(reverse("hotline:edit", args=[other.pk]), _edit_data(other))
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:edit", args=[other.pk]), _edit_data(other))
    assert "已被他人修改" in response.content.decode()


def test_services_tell_a_correction_sent_again_by_who_saved_it(hotline_user, station_user):
    call = CallFactory(operator=hotline_user)
    fields = {"summary": "工作站更正", "call_type": call.call_type}
    services.update_call(call=call, by=station_user, version=1, **fields)
    assert services.update_call(call=call, by=station_user, version=1, **fields).version == 2
    with pytest.raises(services.StaleCall):
        services.update_call(call=call, by=hotline_user, version=1, **fields)


# Intakes


@pytest.fixture
def intake(hotline_user, village_a):
    call = CallFactory(operator=hotline_user, summary="邻居反映王小五无人照看")
    return services.open_intake(call=call, by=hotline_user, name="王小五", birth_year=2016, village=village_a)


@pytest.fixture
def colleague(org):
    user = UserFactory(username="station2")
    add_role(user=user, role=Role.STATION)
    return user


def _register_data(village, name="王小五"):
    born = dt.date(2016, 4, 2)
    return {
        "name": name, "sex": "M", "birth_date": born.isoformat(), "id_number": make_id_number(born, 77),
        "village": village.pk, "address": "", "school": "", "grade": "", "schooling": "in_school",
        "lawful_basis": "热线来电反映，依法建档。", "registered_on": timezone.localdate().isoformat(),
        "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "0", "guardians-MAX_NUM_FORMS": "10",
        "guardians-0-relation": "", "guardians-0-name": "", "guardians-0-phone": "", "guardians-0-situation": "present",
    }


def test_an_intake_registered_twice_opens_one_file_and_answers_as_the_first(client, station_user, intake,
                                                                          village_a):
    client.force_login(station_user)
    url = reverse("hotline:intake_register", args=[intake.pk])
    first, again = client.post(url, _register_data(village_a)), client.post(url, _register_data(village_a))
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert Child.objects.filter(name="王小五").count() == 1
    assert client.get(url).status_code == 404  # the page itself is gone with the open intake


def test_a_registered_intake_is_refused_to_a_colleague_and_to_another_child(client, station_user, colleague,
                                                                            intake, village_a):
    client.force_login(station_user)
    url = reverse("hotline:intake_register", args=[intake.pk])
    client.post(url, _register_data(village_a))
    assert client.post(url, _register_data(village_a, name="王小六")).status_code == 404
    client.force_login(colleague)
    assert client.post(url, _register_data(village_a)).status_code == 404
    assert Child.objects.count() == 1


def test_an_intake_linked_twice_to_a_file_on_record_answers_as_the_first(client, station_user, intake, child_a):
    client.force_login(station_user)
    url = reverse("hotline:intake_link_existing", args=[intake.pk])
    first, again = client.post(url, {"child": child_a.pk}), client.post(url, {"child": child_a.pk})
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert client.post(url, {"child": child_a.pk + 1000}).status_code == 404


def test_an_intake_dismissed_twice_answers_as_the_first(client, station_user, intake):
    client.force_login(station_user)
    url = reverse("hotline:intake_dismiss", args=[intake.pk])
    first, again = client.post(url, {"reason": "经核实为误报"}), client.post(url, {"reason": "经核实为误报"})
    assert first.status_code == again.status_code == 302 and first.url == again.url
    intake.refresh_from_db()
    assert (intake.status, intake.decided_by, intake.dismiss_reason) == (
        CallIntake.Status.DISMISSED, station_user, "经核实为误报")


def test_a_dismissed_intake_is_refused_to_a_colleague_another_reason_and_a_registration(client, station_user,
                                                                                      colleague, intake,
                                                                                      village_a):
    client.force_login(station_user)
    url = reverse("hotline:intake_dismiss", args=[intake.pk])
    client.post(url, {"reason": "经核实为误报"})
    assert client.post(url, {"reason": "另一理由"}).status_code == 404
    assert client.post(reverse("hotline:intake_register", args=[intake.pk]), _register_data(village_a)
                       ).status_code == 404
    client.force_login(colleague)
    assert client.post(url, {"reason": "经核实为误报"}).status_code == 404
    intake.refresh_from_db()
    assert intake.dismiss_reason == "经核实为误报" and not Child.objects.exists()


def test_an_intake_decision_sent_twice_by_someone_who_may_not_decide_is_refused(client, hotline_user, intake):
    client.force_login(hotline_user)
    url = reverse("hotline:intake_dismiss", args=[intake.pk])
    assert [client.post(url, {"reason": "经核实为误报"}).status_code for _ in range(2)] == [403, 403]
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.OPEN
