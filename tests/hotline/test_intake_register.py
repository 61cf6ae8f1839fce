"""The station's file opened from an intake asks what the registration form asks: the responsible director of the
child's village, and a confirmation when a child with the same name and birth date is on file."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Child
from hotline.models import CallIntake, HotlineCall
from hotline.services import open_intake
from tests.factories import ChildFactory, make_id_number

from .factories import CallFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2016, 4, 2)
LAWFUL_BASIS = "热线来电反映，依法建档。"


@pytest.fixture
def intake(hotline_user, village_a):
    call = CallFactory(operator=hotline_user, summary="邻居反映王小五无人照看")
    return open_intake(call=call, by=hotline_user, name="王小五", birth_year=2016, village=village_a)


def _register(client, intake, village, **extra):
    data = {
        "name": "王小五", "sex": "M", "birth_date": BORN.isoformat(), "id_number": make_id_number(BORN, 77),
        "village": village.pk, "address": "", "school": "", "grade": "", "schooling": "in_school",
        "lawful_basis": LAWFUL_BASIS,
    }
    data.update(extra)
    return client.post(reverse("hotline:intake_register", args=[intake.pk]), data)


def _still_open(intake) -> bool:
    intake.refresh_from_db()
    return intake.status == CallIntake.Status.OPEN and HotlineCall.objects.get(pk=intake.call_id).child is None


def test_station_registers_from_an_intake_with_the_responsible_director_named(
    client, station_user, intake, village_a, director_a
):
    client.force_login(station_user)
    page = client.get(reverse("hotline:intake_register", args=[intake.pk])).content.decode()
    assert 'name="responsible_director"' in page and f'value="{director_a.pk}"' in page

    response = _register(client, intake, village_a, responsible_director=director_a.pk)

    assert response.status_code == 302
    child = Child.objects.get(name="王小五")
    assert child.responsible_director == director_a
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child == child


def test_a_director_of_another_village_is_refused_and_nothing_is_saved(
    client, station_user, intake, village_a, director_b
):
    client.force_login(station_user)

    response = _register(client, intake, village_a, responsible_director=director_b.pk)

    body = response.content.decode()
    assert response.status_code == 200
    assert "负责儿童主任须是该儿童所在村（社区）的儿童主任。" in body
    assert LAWFUL_BASIS in body  # the input is kept
    assert not Child.objects.filter(name="王小五").exists()
    assert _still_open(intake)


def test_same_name_and_birth_date_asks_to_confirm_then_registers(client, station_user, intake, village_a, village_b):
    existing = ChildFactory(name="王小五", birth_date=BORN, village=village_b, id_number="")
    client.force_login(station_user)

    response = _register(client, intake, village_a)

    body = response.content.decode()
    assert response.status_code == 200
    assert "镇内已有 1 名同名且出生日期相同的儿童" in body and f'data-similar="{existing.pk}"' in body
    # The station may link the call to that file instead (the same action as for a duplicate ID number).
    assert reverse("hotline:intake_link_existing", args=[intake.pk]) in body
    assert LAWFUL_BASIS in body
    assert Child.objects.filter(name="王小五").count() == 1
    assert _still_open(intake)

    response = _register(client, intake, village_a, confirm_not_duplicate="on")

    assert response.status_code == 302
    assert Child.objects.filter(name="王小五").count() == 2
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child != existing
