"""The ledger page: rows show choice labels in the reader's language, and the filter form keeps the choices."""

import pytest
from django.urls import reverse

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
