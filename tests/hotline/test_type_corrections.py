"""Correcting a call's type to or from invalid (无效来电): an invalid call's automatic closure comes and goes with its
type, a closure by the station with a real outcome never does."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline import services
from hotline.models import HotlineCall
from tests.roundtrip.browser import form_as_sent

from .factories import CallFactory

pytestmark = pytest.mark.django_db

OUTCOME = "已转派出所，民警已上门处置"


def _correct(call, by, **changes):
    """The call saved again from its edit form, as it is now but for `changes`."""
    fields = dict(received_at=call.received_at, call_type=call.call_type, caller_relation=call.caller_relation,
                  urgency=call.urgency, summary=call.summary)
    fields.update(changes)
    return services.update_call(call=call, by=by, version=call.version, **fields)


@pytest.fixture
def closed_call(hotline_user, station_user):
    """A call the station closed with a real outcome."""
    call = CallFactory(operator=hotline_user, urgency=HotlineCall.Urgency.PRESSING)
    return services.close_call(call=call, version=call.version, by=station_user, outcome=OUTCOME)


def test_a_closed_call_corrected_to_invalid_keeps_its_outcome_closure_and_urgency(closed_call, hotline_user,
                                                                                  station_user):
    closed_at = closed_call.closed_at
    call = _correct(closed_call, hotline_user, call_type=HotlineCall.CallType.INVALID_WRONG)
    call.refresh_from_db()
    assert call.call_type == HotlineCall.CallType.INVALID_WRONG and call.status == HotlineCall.Status.CLOSED
    assert call.outcome == OUTCOME and call.closed_by == station_user and call.closed_at == closed_at
    assert call.urgency == HotlineCall.Urgency.PRESSING


def test_a_mistaken_invalid_correction_undone_keeps_the_stations_outcome(closed_call, hotline_user, station_user):
    closed_at = closed_call.closed_at
    call = _correct(closed_call, hotline_user, call_type=HotlineCall.CallType.INVALID_WRONG)
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.HELP)
    call.refresh_from_db()
    assert call.call_type == HotlineCall.CallType.HELP and call.status == HotlineCall.Status.CLOSED
    assert call.outcome == OUTCOME and call.closed_by == station_user and call.closed_at == closed_at
    assert call.urgency == HotlineCall.Urgency.PRESSING


def test_the_edit_page_undoing_a_mistaken_invalid_type_keeps_the_outcome(client, closed_call, station_user):
    url = reverse("hotline:edit", args=[closed_call.pk])
    client.force_login(station_user)
    for call_type in (HotlineCall.CallType.INVALID_SILENT, HotlineCall.CallType.HELP):
        data = form_as_sent(client.get(url).content.decode())
        data["call_type"] = [call_type]
        assert client.post(url, data).status_code == 302
    closed_call.refresh_from_db()
    assert closed_call.status == HotlineCall.Status.CLOSED and closed_call.outcome == OUTCOME
    assert OUTCOME in client.get(reverse("hotline:detail", args=[closed_call.pk])).content.decode()


def test_an_open_call_corrected_to_invalid_and_back_is_open_again_with_its_due_time(hotline_user):
    call = CallFactory(operator=hotline_user)
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.INVALID_HANGUP)
    assert call.status == HotlineCall.Status.CLOSED and call.outcome == "无效来电：挂断"
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.HELP, urgency=HotlineCall.Urgency.NORMAL)
    call.refresh_from_db()
    assert call.status == HotlineCall.Status.OPEN and call.outcome == "" and call.closed_at is call.closed_by is None
    assert call.follow_up_due == call.received_at + dt.timedelta(days=7)


def test_a_called_back_call_corrected_to_invalid_and_back_is_called_back_again(hotline_user, station_user):
    call = CallFactory(operator=hotline_user)
    call = services.record_callback(call=call, version=call.version, by=station_user,
                                    at=call.received_at + dt.timedelta(minutes=30), result="已回访，孩子已到校")
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.INVALID_SILENT)
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.HELP, urgency=HotlineCall.Urgency.NORMAL)
    call.refresh_from_db()
    assert call.status == HotlineCall.Status.CALLED_BACK and call.callback_result == "已回访，孩子已到校"
    assert call.outcome == "" and call.closed_at is None


def test_an_invalid_call_whose_time_was_corrected_is_still_reopened_when_it_proves_real(hotline_user):
    call = services.log_invalid_call(by=hotline_user, call_type=HotlineCall.CallType.INVALID_SILENT)
    call = _correct(call, hotline_user, received_at=call.received_at - dt.timedelta(minutes=20))
    assert call.status == HotlineCall.Status.CLOSED and call.closed_at == call.received_at
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.HELP,
                    caller_relation=HotlineCall.CallerRelation.SELF, urgency=HotlineCall.Urgency.URGENT,
                    summary="孩子本人求助")
    call.refresh_from_db()
    assert call.status == HotlineCall.Status.OPEN and call.outcome == "" and call.follow_up_due is not None


def test_an_invalid_call_corrected_to_another_invalid_kind_stays_closed_at_once(hotline_user):
    call = services.log_invalid_call(by=hotline_user, call_type=HotlineCall.CallType.INVALID_SILENT)
    call = _correct(call, hotline_user, call_type=HotlineCall.CallType.INVALID_HARASS)
    call.refresh_from_db()
    assert call.status == HotlineCall.Status.CLOSED and call.closed_at == call.received_at
    assert call.urgency == "" and call.follow_up_due is None
