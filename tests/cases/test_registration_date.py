"""The registration date (建档日期): chosen on registration (default today, not in the future, not before birth),
read-only afterwards."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Child
from tests.factories import ChildFactory, GuardianFactory, make_id_number

from .form_data import child_edit_data

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 5, 20)


def last_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday() or 7)


def _post(village, **overrides):
    data = {
        "name": "新登记儿童", "sex": "M", "birth_date": BORN.isoformat(), "id_number": make_id_number(BORN, 7),
        "village": village.pk, "schooling": "in_school", "address": "一组",
        "guardians-TOTAL_FORMS": "0", "guardians-INITIAL_FORMS": "0", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return data


def test_registration_form_offers_the_date_defaulting_to_today(client, director_a):
    client.force_login(director_a)
    body = client.get(reverse("cases:child_create")).content.decode()
    assert 'name="registered_on"' in body and f'value="{timezone.localdate():%Y-%m-%d}"' in body


def test_a_file_can_be_registered_with_an_earlier_date_and_its_first_visit_stays_due_at_once(
        client, director_a, village_a):
    client.force_login(director_a)
    response = client.post(reverse("cases:child_create"), _post(village_a, registered_on=last_monday().isoformat()))
    assert response.status_code == 302
    child = Child.objects.get(name="新登记儿童")
    assert child.registered_on == last_monday()
    assert child.next_visit_due == timezone.localdate() + dt.timedelta(days=1)  # not in the past on day one


def test_a_blank_registration_date_is_today(client, director_a, village_a):
    client.force_login(director_a)
    assert client.post(reverse("cases:child_create"), _post(village_a, registered_on="")).status_code == 302
    assert Child.objects.get(name="新登记儿童").registered_on == timezone.localdate()


@pytest.mark.parametrize(("registered_on", "message"), [
    (timezone.localdate() + dt.timedelta(days=1), "建档日期不能晚于今天。"),
    (BORN - dt.timedelta(days=1), "建档日期不能早于出生日期。"),
])
def test_a_future_or_before_birth_registration_date_is_refused_and_input_kept(
        client, director_a, village_a, registered_on, message):
    client.force_login(director_a)
    response = client.post(reverse("cases:child_create"), _post(village_a, registered_on=registered_on.isoformat()))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'value="新登记儿童"' in body and f'value="{registered_on:%Y-%m-%d}"' in body
    assert not Child.objects.filter(name="新登记儿童").exists()


def test_the_registration_date_is_shown_but_cannot_be_changed_afterwards(client, station_user, child_a):
    GuardianFactory(child=child_a)
    registered = child_a.registered_on
    client.force_login(station_user)
    body = client.get(reverse("cases:child_edit", args=[child_a.pk])).content.decode()
    assert f'value="{registered:%Y-%m-%d}"' in body and "建档后不能修改" in body
    response = client.post(reverse("cases:child_edit", args=[child_a.pk]), child_edit_data(
        child_a, registered_on=(registered - dt.timedelta(days=30)).isoformat(), address="改了地址"))
    assert response.status_code == 302
    child_a.refresh_from_db()
    assert child_a.address == "改了地址" and child_a.registered_on == registered


def test_an_existing_file_refuses_a_birth_date_after_its_registration_date(director_a, village_a):
    child = ChildFactory(village=village_a, id_number="", birth_date=BORN, registered_on=BORN + dt.timedelta(days=10))
    child.birth_date = BORN + dt.timedelta(days=11)
    with pytest.raises(ValidationError, match="出生日期不能晚于建档日期"):
        child.full_clean()
