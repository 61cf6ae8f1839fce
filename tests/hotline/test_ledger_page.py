"""The ledger page: rows show choice labels in the reader's language, and the filter form keeps the choices."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline.models import HotlineCall

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def test_rows_show_choice_labels_in_chinese_and_in_english(client, station_user, hotline_user):
    CallFactory(operator=hotline_user, caller_relation="neighbour", call_type="help", urgency="normal",
                action="answered", status=HotlineCall.Status.CALLED_BACK)
    client.force_login(station_user)
    row = client.get(reverse("hotline:ledger")).content.decode().split("data-call=")[1]
    for label in ("邻居", "求助", "一般（一周）", "当场解答", HotlineCall.Status.CALLED_BACK.label):
        assert f"{label}<" in row
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    row = client.get(reverse("hotline:ledger")).content.decode().split("data-call=")[1]
    for label in ("Neighbour", "Request for help", "Routine (one week)"):
        assert f"{label}<" in row


def test_filter_form_shows_the_chosen_filters_again(client, station_user, hotline_user):
    client.force_login(station_user)
    body = client.get(reverse("hotline:ledger"), {
        "received_from": "2026-01-02", "urgency": "urgent", "operator": hotline_user.pk, "status": "overdue",
    }).content.decode()
    assert 'type="date" name="received_from" value="2026-01-02" class="dateinput form-control"' in body
    assert '<option value="urgent" selected>' in body
    assert f'<option value="{hotline_user.pk}" selected>' in body
    assert '<option value="overdue" selected>' in body
    assert '<label for="id_call_type" class="form-label">来电类型</label>' in body


def test_filter_form_marks_an_invalid_date(client, station_user):
    client.force_login(station_user)
    body = client.get(reverse("hotline:ledger"), {"received_to": "not-a-date"}).content.decode()
    assert 'class="dateinput form-control is-invalid" id="id_received_to" aria-invalid="true"' in body
    assert 'id="id_received_to_error" class="invalid-feedback"' in body


def _badges(body: str) -> dict[int, int]:
    """{call pk: the other calls from its number, as its row's badge says}, for the rows that have one."""
    badges = {}
    for row in body.split('<tr data-call="')[1:]:
        pk = int(row.split('"')[0])
        if "data-other-calls=" in row:
            badges[pk] = int(row.split('data-other-calls="')[1].split('"')[0])
    return badges


def test_a_repeat_caller_is_marked_on_each_of_their_calls(client, hotline_user):
    first = CallFactory(operator=hotline_user, caller_phone="13900000001")
    second = CallFactory(operator=hotline_user, caller_phone="139 0000 0001")  # the same number, typed otherwise
    third = CallFactory(operator=hotline_user, caller_phone="13900000001")
    CallFactory(operator=hotline_user, caller_phone="13900000002")
    CallFactory(operator=hotline_user, caller_phone="", caller_relation="anonymous")
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:ledger")).content.decode()
    assert _badges(body) == {first.pk: 2, second.pk: 2, third.pk: 2}
    assert "同号另有 2 次来电" in body
    assert f'{reverse("hotline:detail", args=[first.pk])}#same-number' in body


def test_director_counts_only_the_calls_of_their_villages(client, hotline_user, director_a, child_a, child_b):
    mine = CallFactory(operator=hotline_user, caller_phone="13900000001", child=child_a)
    CallFactory(operator=hotline_user, caller_phone="13900000001", child=child_b)
    client.force_login(director_a)
    body = client.get(reverse("hotline:ledger")).content.decode()
    assert f'<tr data-call="{mine.pk}"' in body and _badges(body) == {}


def test_a_mandatory_reporters_call_is_not_counted_for_those_who_may_not_know_them(
    client, hotline_user, station_user, leader
):
    plain = CallFactory(operator=hotline_user, caller_phone="13900000001")
    reported = CallFactory(operator=hotline_user, caller_phone="13900000001", action="mandatory_report",
                           mandatory_report_filed_at=timezone.now())
    client.force_login(leader)
    assert _badges(client.get(reverse("hotline:ledger")).content.decode()) == {}
    client.force_login(station_user)
    assert _badges(client.get(reverse("hotline:ledger")).content.decode()) == {plain.pk: 1, reported.pk: 1}


def test_marking_repeat_callers_adds_one_query_whatever_the_page_length(
    client, hotline_user, django_assert_max_num_queries
):
    client.force_login(hotline_user)
    CallFactory(operator=hotline_user, caller_phone="13900000001")
    with django_assert_max_num_queries(99) as few:
        client.get(reverse("hotline:ledger"))
    for n in range(2, 30):
        CallFactory(operator=hotline_user, caller_phone=f"139000000{n:02d}")
        CallFactory(operator=hotline_user, caller_phone=f"139000000{n:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("hotline:ledger")).content.decode()
    assert len(_badges(body)) == 50  # the page is full of repeat callers
