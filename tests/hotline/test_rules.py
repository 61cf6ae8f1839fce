"""The call's rules: follow-up due time per urgency, invalid calls, refusals of bad data, lost updates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hotline import services
from hotline.models import HotlineCall, IssueCategory
from zhanpu.crypto import decrypt

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(hour, minute=0):
    return dt.datetime(2026, 3, 10, hour, minute, tzinfo=SHANGHAI)


def test_urgent_call_is_due_by_the_end_of_the_same_local_day():
    assert services.follow_up_due(_at(9), HotlineCall.Urgency.URGENT) == dt.datetime(2026, 3, 11, tzinfo=SHANGHAI)
    assert services.follow_up_due(_at(23, 50), HotlineCall.Urgency.URGENT) == dt.datetime(2026, 3, 11, tzinfo=SHANGHAI)


def test_pressing_call_is_due_in_72_hours():
    assert services.follow_up_due(_at(9), HotlineCall.Urgency.PRESSING) == _at(9) + dt.timedelta(hours=72)


def test_normal_call_is_due_in_one_week():
    assert services.follow_up_due(_at(9), HotlineCall.Urgency.NORMAL) == _at(9) + dt.timedelta(days=7)


def test_call_without_urgency_has_no_due_time():
    assert services.follow_up_due(_at(9), "") is None


def _fields(**extra):
    fields = dict(
        received_at=timezone.now() - dt.timedelta(minutes=5), call_type=HotlineCall.CallType.HELP,
        caller_relation=HotlineCall.CallerRelation.ANONYMOUS, urgency=HotlineCall.Urgency.PRESSING,
        summary="邻居反映孩子独自在家",
    )
    fields.update(extra)
    return fields


def test_logged_call_gets_its_due_time_from_urgency(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    assert call.follow_up_due == call.received_at + dt.timedelta(hours=72)
    assert call.status == HotlineCall.Status.OPEN and call.operator == hotline_user


def test_invalid_call_is_closed_at_once_and_needs_nothing_else(hotline_user):
    call = services.log_invalid_call(by=hotline_user, call_type=HotlineCall.CallType.INVALID_SILENT)
    assert call.status == HotlineCall.Status.CLOSED
    assert call.follow_up_due is None and call.summary == "" and call.caller_relation == ""
    assert call.outcome == "无效来电：沉默"


def test_invalid_call_service_refuses_a_valid_type(hotline_user):
    with pytest.raises(ValidationError):
        services.log_invalid_call(by=hotline_user, call_type=HotlineCall.CallType.HELP)


def test_call_received_in_the_future_is_refused(hotline_user):
    with pytest.raises(ValidationError) as exc:
        services.log_call(by=hotline_user, **_fields(received_at=timezone.now() + dt.timedelta(hours=1)))
    assert exc.value.message_dict["received_at"] == ["来电时间不能晚于现在。"]


def test_valid_call_needs_relation_urgency_and_summary(hotline_user):
    with pytest.raises(ValidationError) as exc:
        services.log_call(by=hotline_user, **_fields(caller_relation="", urgency="", summary=""))
    assert set(exc.value.message_dict) == {"caller_relation", "urgency", "summary"}


def test_referral_needs_an_office(hotline_user):
    with pytest.raises(ValidationError) as exc:
        services.log_call(by=hotline_user, **_fields(action=HotlineCall.Action.REFERRED))
    assert "office" in exc.value.message_dict


@pytest.mark.parametrize("phone", ["12345", "1391234567a", "23912345678"])
def test_bad_caller_phone_is_refused(hotline_user, phone):
    with pytest.raises(ValidationError) as exc:
        services.log_call(by=hotline_user, **_fields(caller_phone=phone))
    assert "caller_phone" in exc.value.message_dict


def test_caller_phone_is_encrypted_at_rest(hotline_user):
    from django.db import connection

    call = services.log_call(by=hotline_user, **_fields(caller_phone="139 1234 5678"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_phone FROM hotline_hotlinecall WHERE id = %s", [call.pk])
        stored = cursor.fetchone()[0]
    assert "13912345678" not in stored and decrypt(stored) == "13912345678"


def test_categories_are_seeded():
    names = set(IssueCategory.objects.values_list("name", flat=True))
    assert {"暴力伤害（身体）", "忽视/监护缺失", "留守", "网络/沉迷", "其他"} <= names


def test_callback_before_the_call_is_refused(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    with pytest.raises(ValidationError) as exc:
        services.record_callback(
            call=call, version=call.version, by=hotline_user, at=call.received_at - dt.timedelta(hours=1),
            result="已回访",
        )
    assert exc.value.message_dict["callback_at"] == ["回访时间不能早于来电时间。"]


def test_callback_is_recorded_and_stops_the_due_flag(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    call = services.record_callback(
        call=call, version=call.version, by=hotline_user, at=timezone.now(), result="已解决"
    )
    assert call.status == HotlineCall.Status.CALLED_BACK and call.callback_by == hotline_user
    assert not call.is_overdue


def test_close_needs_an_outcome(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    with pytest.raises(ValidationError) as exc:
        services.close_call(call=call, version=call.version, by=hotline_user, outcome=" ")
    assert "outcome" in exc.value.message_dict


def test_stale_version_is_refused(hotline_user, station_user):
    call = services.log_call(by=hotline_user, **_fields())
    services.update_call(call=call, by=hotline_user, version=1, **_fields(summary="第一次修改"))
    with pytest.raises(services.StaleCall):
        services.update_call(call=call, by=hotline_user, version=1, **_fields(summary="第二次修改"))
    call.refresh_from_db()
    assert call.summary == "第一次修改" and call.version == 2


def test_changing_urgency_replans_the_due_time(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    call = services.update_call(call=call, by=hotline_user, version=1, **_fields(urgency=HotlineCall.Urgency.NORMAL,
                                                                received_at=call.received_at))
    call.refresh_from_db()
    assert call.follow_up_due == call.received_at + dt.timedelta(days=7)


def test_every_change_is_kept_in_history(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    services.close_call(call=call, version=1, by=hotline_user, outcome="已解答")
    assert call.history.count() == 2
    assert call.history.first().outcome == "已解答"


def test_invalid_call_corrected_to_a_real_one_is_reopened_with_a_due_time(hotline_user):
    call = services.log_invalid_call(by=hotline_user, call_type=HotlineCall.CallType.INVALID_HANGUP)
    call = services.update_call(call=call, by=hotline_user, version=1, **_fields(received_at=call.received_at))
    assert call.status == HotlineCall.Status.OPEN and call.outcome == "" and call.closed_at is None
    assert call.follow_up_due == call.received_at + dt.timedelta(hours=72)


def test_call_corrected_to_invalid_is_closed(hotline_user):
    call = services.log_call(by=hotline_user, **_fields())
    call = services.update_call(call=call, by=hotline_user, version=1, call_type=HotlineCall.CallType.INVALID_WRONG)
    assert call.status == HotlineCall.Status.CLOSED and call.urgency == "" and call.outcome == "无效来电：打错"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a concurrent insert waits on the key only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # later tests keep the migrated data
def test_a_form_sent_twice_at_the_same_moment_logs_one_call_and_answers_both(hotline_user):
    """Two tabs send the same call form at once: neither sees the other's call, the later insert waits on the first's
    key and, once that commits, meets it. The later sending is answered with the stored call, not a server error."""
    import threading
    import time
    import uuid

    from django.db import connections, transaction

    key, fields, results = uuid.uuid4(), _fields(), []

    def second_tab():
        try:
            results.append(services.log_call(by=hotline_user, submission_key=key, **fields))
        except Exception as error:  # noqa: BLE001 - reported below
            results.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        first = services.log_call(by=hotline_user, submission_key=key, **fields)
        tab = threading.Thread(target=second_tab)
        tab.start()
        with connection.cursor() as cursor:  # commit only once the second tab's insert waits on this key
            for _ in range(200):
                cursor.execute("SELECT count(*) FROM pg_stat_activity"
                               " WHERE wait_event_type = 'Lock' AND datname = current_database()")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
    tab.join()
    assert [getattr(result, "pk", result) for result in results] == [first.pk]
    assert HotlineCall.objects.filter(submission_key=key).count() == 1
