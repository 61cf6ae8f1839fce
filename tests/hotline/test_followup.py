"""Follow-up: overdue calls flagged for the station, the callback recorded, the call closed with an outcome."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotline.models import HotlineCall

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def overdue(hotline_user):
    return CallFactory(operator=hotline_user, urgency="urgent", received_at=timezone.now() - dt.timedelta(days=2))


@pytest.fixture
def pending(hotline_user):
    return CallFactory(operator=hotline_user, urgency="normal")


def test_station_home_counts_overdue_calls_and_open_intakes(client, station_user, overdue, pending):
    from hotline.models import CallIntake

    CallIntake.objects.create(call=pending, name="待建档儿童", opened_by=pending.operator)
    client.force_login(station_user)
    body = client.get("/").content.decode()
    assert 'data-home="overdue-calls">1<' in body and 'data-home="open-intakes">1<' in body


def test_operator_home_has_the_log_call_button(client, hotline_user):
    client.force_login(hotline_user)
    body = client.get("/").content.decode()
    assert 'data-home="log-call"' in body and reverse("hotline:new") in body


def test_follow_up_page_flags_only_overdue_calls(client, station_user, overdue, pending):
    client.force_login(station_user)
    body = client.get(reverse("hotline:followup")).content.decode()
    assert f'data-overdue="{overdue.pk}"' in body and f'data-overdue="{pending.pk}"' not in body


def test_call_page_shows_the_overdue_flag(client, station_user, overdue, pending):
    client.force_login(station_user)
    assert 'data-flag="overdue"' in client.get(reverse("hotline:detail", args=[overdue.pk])).content.decode()
    assert 'data-flag="overdue"' not in client.get(reverse("hotline:detail", args=[pending.pk])).content.decode()


def test_callback_clears_the_flag(client, station_user, overdue):
    client.force_login(station_user)
    response = client.post(reverse("hotline:callback", args=[overdue.pk]), {
        "version": overdue.version, "callback_at": _local(timezone.now()), "callback_result": "已联系家长，孩子安全",
    })
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.status == HotlineCall.Status.CALLED_BACK and overdue.callback_by == station_user
    assert f'data-overdue="{overdue.pk}"' not in client.get(reverse("hotline:followup")).content.decode()


def test_callback_before_the_call_is_refused_and_kept(client, hotline_user, overdue):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:callback", args=[overdue.pk]), {
        "version": overdue.version, "callback_at": _local(overdue.received_at - dt.timedelta(hours=3)),
        "callback_result": "回访内容保留",
    })
    body = response.content.decode()
    assert response.status_code == 400 and "回访时间不能早于来电时间。" in body and "回访内容保留" in body
    overdue.refresh_from_db()
    assert overdue.callback_at is None


def test_callback_with_a_stale_version_is_refused(client, hotline_user, overdue):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:callback", args=[overdue.pk]), {
        "version": 99, "callback_at": _local(timezone.now()),
        "callback_result": "回访",
    })
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()


def test_close_with_outcome(client, hotline_user, pending):
    client.force_login(hotline_user)
    assert client.post(reverse("hotline:close", args=[pending.pk]), {"version": 1, "outcome": ""}).status_code == 400
    response = client.post(reverse("hotline:close", args=[pending.pk]), {"version": 1, "outcome": "已当场解答政策"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == HotlineCall.Status.CLOSED and pending.outcome == "已当场解答政策"
    body = client.get(reverse("hotline:detail", args=[pending.pk])).content.decode()
    assert reverse("hotline:close", args=[pending.pk]) not in body


def test_closed_call_takes_no_callback(client, hotline_user, pending):
    client.force_login(hotline_user)
    client.post(reverse("hotline:close", args=[pending.pk]), {"version": 1, "outcome": "办结"})
    response = client.post(reverse("hotline:callback", args=[pending.pk]), {
        "version": 2, "callback_at": _local(timezone.now()), "callback_result": "回访",
    })
    assert response.status_code == 400 and "已办结" in response.content.decode()


def test_more_open_intakes_than_the_follow_up_page_shows_are_all_reachable(client, station_user, hotline_user):
    from hotline.models import CallIntake  # noqa: PLC0415

    for n in range(55):
        CallIntake.objects.create(call=CallFactory(operator=hotline_user), name=f"建档申请{n}", opened_by=hotline_user)
    client.force_login(station_user)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("hotline:intakes")}" data-home="open-intakes">55<' in home
    followup = client.get(reverse("hotline:followup")).content.decode()
    assert followup.count("data-intake=") == 50 and f'href="{reverse("hotline:intakes")}"' in followup
    assert client.get(reverse("hotline:intakes"), {"page": 2}).content.decode().count("data-intake=") == 5


def test_follow_up_list_says_who_called_what_was_done_and_for_which_child(client, hotline_user, child_a,
                                                                          police_office):
    call = CallFactory(operator=hotline_user, urgency="urgent", received_at=timezone.now() - dt.timedelta(days=2),
                       child=child_a, caller_relation=HotlineCall.CallerRelation.NEIGHBOUR,
                       action=HotlineCall.Action.REFERRED, office=police_office)
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:followup")).content.decode()
    row = body[body.index(f'data-overdue="{call.pk}"'):]
    row = row[:row.index("</tr>")]
    assert call.get_caller_relation_display() in row and f"{call.get_action_display()}（{police_office}）" in row
    assert f"{child_a.name}（{child_a.village}）" in row


def test_follow_up_list_queries_do_not_grow_with_its_length(client, hotline_user, child_a,
                                                            django_assert_max_num_queries):
    def overdue_call():
        CallFactory(operator=hotline_user, urgency="urgent", child=child_a,
                    received_at=timezone.now() - dt.timedelta(days=2))

    overdue_call()
    client.force_login(hotline_user)
    client.get(reverse("hotline:followup"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("hotline:followup"))
    for _ in range(15):
        overdue_call()
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(reverse("hotline:followup")).content.decode()
    assert body.count("data-overdue=") == 16
