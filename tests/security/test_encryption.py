"""Encryption at rest: ID and phone numbers unreadable in the database, duplicates still caught, key rotation."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from audit.management.commands.rotate_field_keys import encrypted_fields
from cases.models import Child, Guardian
from cases.services import DuplicateChild, find_by_id_number, register_child
from tests.factories import ChildFactory, GuardianFactory

OLD_KEY = settings.FIELD_ENCRYPTION_KEYS[0]
NEW_KEY = Fernet.generate_key().decode()


def _raw(model, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def child(village_a):
    child = ChildFactory(village=village_a)
    GuardianFactory(child=child, phone="13912340000")
    return child


def test_id_number_and_phone_are_not_readable_in_the_database(child):
    raw_id = _raw(Child, "id_number", child.pk)
    assert raw_id and child.id_number not in raw_id and child.id_number[6:14] not in raw_id
    guardian = child.guardians.get()
    raw_phone = _raw(Guardian, "phone", guardian.pk)
    assert raw_phone and "13912340000" not in raw_phone and "1234" not in raw_phone
    assert Child.objects.get(pk=child.pk).id_number == child.id_number  # readable through the model


def test_duplicate_id_number_is_still_caught(child, village_b, station_user):
    assert find_by_id_number(child.id_number) == child
    assert find_by_id_number(child.id_number.lower()) == child  # the check letter X typed in lower case
    with pytest.raises(DuplicateChild):
        register_child(by=station_user, name="另一个", sex="F", birth_date=child.birth_date,
                       id_number=child.id_number, village=village_b)
    assert Child.objects.count() == 1


def test_every_encrypted_field_is_found_for_rotation():
    found = {model._meta.label: names for model, names in encrypted_fields()}
    assert "id_number" in found["cases.Child"]
    assert "phone" in found["cases.Guardian"]


def test_rotation_keeps_values_readable_with_the_new_key_only(child):
    id_number = child.id_number
    before = _raw(Child, "id_number", child.pk)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        out = StringIO()
        call_command("rotate_field_keys", stdout=out)
    assert "cases.Child: id_number: 1 rows re-encrypted" in out.getvalue()

    assert _raw(Child, "id_number", child.pk) != before
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert Child.objects.get(pk=child.pk).id_number == id_number
        assert Guardian.objects.get(child=child).phone == "13912340000"
        assert find_by_id_number(id_number) == child  # the keyed hash does not depend on the encryption key
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]), pytest.raises(ValueError):
        Child.objects.get(pk=child.pk)


def test_a_new_hash_key_finds_children_again_after_rehash(child, village_a):
    id_number = child.id_number
    other = ChildFactory(village=village_a, id_number="")  # no number: nothing to hash
    with override_settings(FIELD_HASH_KEY="a-new-hash-key-for-the-ID-numbers-0123456789"):
        assert find_by_id_number(id_number) is None  # the stored hash was made with the old key
        out = StringIO()
        call_command("rotate_field_keys", "--rehash", stdout=out)
        assert "cases.Child: id_number_hash: 1 rows rehashed" in out.getvalue()
        assert find_by_id_number(id_number) == child
    assert find_by_id_number(id_number) is None  # the old key no longer matches
    other.refresh_from_db()
    assert other.id_number_hash == ""


def test_a_new_hash_key_matches_callers_again_after_rehash(db):
    from hotline.models import HotlineCall
    from tests.hotline.factories import CallFactory
    from zhanpu.crypto import keyed_hash

    earlier = CallFactory(caller_phone="13800138000")
    with override_settings(FIELD_HASH_KEY="a-new-hash-key-for-the-phone-numbers-0123456789"):
        out = StringIO()
        call_command("rotate_field_keys", "--rehash", stdout=out)
        assert "hotline.HotlineCall: caller_phone_hash: 1 rows rehashed" in out.getvalue()
        later = CallFactory(caller_phone="+86 138 0013 8000")  # logged after the rotation
        assert HotlineCall.objects.get(pk=earlier.pk).caller_phone_hash == later.caller_phone_hash
        assert later.caller_phone_hash == keyed_hash("13800138000")
    assert later.caller_phone_hash != keyed_hash("13800138000")  # made with the new key, not the old
