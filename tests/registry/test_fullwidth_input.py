"""Identifiers typed with a Chinese input method in full-width mode, or written the ways people write phone
numbers, are one number: stored plainly, found, and matched against the files already there."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Child
from hotline.models import HotlineCall, IssueCategory
from registry.validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone
from tests.factories import ChildFactory, make_id_number

FULL_WIDTH = str.maketrans("0123456789X-()+ ", "０１２３４５６７８９Ｘ－（）＋\u3000")


def full_width(value: str) -> str:
    return value.translate(FULL_WIDTH)


@pytest.mark.parametrize("typed", [
    "13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "0086 13800138000",
    full_width("138 0013 8000"), full_width("+86-13800138000"),
])
def test_a_mobile_number_typed_any_usual_way_is_stored_as_its_11_digits(typed):
    validate_phone(typed)
    assert normalize_phone(typed) == "13800138000"


@pytest.mark.parametrize("typed,stored", [
    ("023-70630963", "023-70630963"), ("(023) 7063 0963", "02370630963"), (full_width("023-70630963"), "023-70630963"),
])
def test_a_landline_keeps_its_dash_and_loses_blanks_and_brackets(typed, stored):
    validate_phone(typed)
    assert normalize_phone(typed) == stored


def test_digits_of_other_scripts_are_not_digits():
    arabic_indic = "١٣٨٠٠١٣٨٠٠٠"  # what `\d` also matches
    with pytest.raises(ValidationError):
        validate_phone(arabic_indic)
    with pytest.raises(ValidationError):
        validate_id_number("١" * 18)


def test_a_full_width_id_number_is_the_plain_one():
    number = make_id_number(dt.date(2014, 3, 9), 5)
    validate_id_number(full_width(number).lower())
    assert normalize_id_number(full_width(number)) == number


def _child_post(village, id_number, phone):
    return {
        "name": "全角儿童", "sex": "F", "birth_date": "2014-03-09", "id_number": id_number,
        "village": village.pk, "schooling": "in_school", "address": "一组",
        "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "0", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10", "guardians-0-relation": "mother", "guardians-0-name": "母亲",
        "guardians-0-phone": phone, "guardians-0-situation": "migrant", "guardians-0-is_primary": "on",
    }


@pytest.mark.django_db
def test_a_child_registered_with_full_width_numbers_is_stored_plainly_and_found(client, director_a, village_a):
    number = make_id_number(dt.date(2014, 3, 9), 5)
    client.force_login(director_a)
    response = client.post(reverse("cases:child_create"),
                           _child_post(village_a, full_width(number), full_width("139 1234 0000")))
    child = Child.objects.get(name="全角儿童")
    assert response.status_code == 302
    assert child.id_number == number and child.guardians.get().phone == "13912340000"
    found = client.post(reverse("cases:child_lookup"), {"id_number": number})
    assert found["Location"] == reverse("cases:child_detail", args=[child.pk])


@pytest.mark.django_db
def test_the_same_id_number_typed_in_full_width_is_refused_as_a_second_file(client, director_a, village_a):
    existing = ChildFactory(village=village_a, birth_date=dt.date(2014, 3, 9),
                            id_number=make_id_number(dt.date(2014, 3, 9), 5))
    client.force_login(director_a)
    response = client.post(reverse("cases:child_create"),
                           _child_post(village_a, full_width(existing.id_number), "13912340000"))
    assert response.status_code == 200
    assert Child.objects.filter(name="全角儿童").count() == 0
    assert reverse("cases:child_detail", args=[existing.pk]) in response.content.decode()


@pytest.mark.django_db
def test_an_operator_types_the_caller_number_with_country_code_and_dashes(client, hotline_user):
    client.force_login(hotline_user)
    client.post(reverse("hotline:new"), {
        "received_at": timezone.localtime(timezone.now() - dt.timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M"),
        "call_type": "consult", "caller_relation": "parent",
        "caller_phone": "+86 138-0013-8000", "urgency": "normal",
        "categories": [IssueCategory.objects.get(code="neglect").pk], "summary": "咨询", "action": "answered",
        "office": "", "duration_minutes": "3",
    })
    assert HotlineCall.objects.get().caller_phone == "13800138000"


@pytest.mark.django_db
def test_numbers_stored_in_full_width_before_are_rewritten_plainly(village_a, director_a):
    from importlib import import_module

    from django.apps import apps

    from cases.models import Guardian
    from tests.hotline.factories import CallFactory
    from zhanpu.crypto import keyed_hash

    def stored_as_before(child, typed):  # what the old validators let in: the number and its hash as typed
        Child.objects.filter(pk=child.pk).update(id_number=typed, id_number_hash=keyed_hash(typed))

    born = dt.date(2014, 3, 9)
    number, shared = make_id_number(born, 5), make_id_number(born, 6)
    alone = ChildFactory(village=village_a, birth_date=born, id_number=number)
    twin_plain = ChildFactory(village=village_a, birth_date=born, id_number=shared)
    twin_wide = ChildFactory(village=village_a, birth_date=born, id_number=make_id_number(born, 7))
    stored_as_before(alone, full_width(number))
    stored_as_before(twin_wide, full_width(shared))  # the same child as twin_plain, registered twice
    guardian = Guardian.objects.create(child=alone, relation="mother", name="母亲", phone="13912340000")
    Guardian.objects.filter(pk=guardian.pk).update(phone=full_width("139 1234 0000"))
    call = CallFactory(caller_phone="13800138000")
    HotlineCall.objects.filter(pk=call.pk).update(caller_phone=full_width("138 0013 8000"))
    type(director_a).objects.filter(pk=director_a.pk).update(phone=full_width("13700000000"))

    import_module("cases.migrations.0016_normalize_stored_identifiers").normalize_identifiers(apps, None)

    alone.refresh_from_db()
    assert alone.id_number == number and alone.id_number_hash == keyed_hash(number)
    twin_wide.refresh_from_db()
    assert twin_wide.id_number == full_width(shared)  # left for the station to merge into twin_plain
    assert Child.objects.get(pk=twin_plain.pk).id_number == shared
    assert Guardian.objects.get(pk=guardian.pk).phone == "13912340000"
    assert HotlineCall.objects.get(pk=call.pk).caller_phone == "13800138000"
    director_a.refresh_from_db()
    assert director_a.phone == "13700000000"
