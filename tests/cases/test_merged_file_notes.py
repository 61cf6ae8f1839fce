"""A note written on a file the station merged into another meanwhile is refused, naming the file kept, and the text
typed is kept: it is not filed on the closed duplicate, where no one would read it."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse

from cases.models import CaseNote, Child
from cases.services import add_note
from cases.services.merge import merge_children
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 3, 1)


@pytest.fixture
def pair(village_a):
    keep = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    duplicate = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    return keep, duplicate


def _merge(by, keep, duplicate):
    merge_children(by=by, keep=keep, keep_version=keep.version, duplicate=duplicate,
                   duplicate_version=duplicate.version, reason="重复建档")


def test_a_note_for_a_merged_file_is_refused_naming_the_kept_file_and_the_text_kept(client, director_a,
                                                                                   station_user, pair):
    keep, duplicate = pair
    _merge(station_user, keep, duplicate)
    client.force_login(director_a)
    response = client.post(reverse("cases:note_create", args=[duplicate.pk]), {"text": "电话联系祖母"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"本档案是重复建档，已合并至档案 {keep.pk}" in body and "电话联系祖母" in body
    assert not CaseNote.objects.exists()


def test_a_note_from_a_copy_read_before_the_merge_is_refused(station_user, director_a, pair):
    keep, duplicate = pair
    read_by_the_note = Child.objects.get(pk=duplicate.pk)
    _merge(station_user, keep, duplicate)
    with pytest.raises(ValidationError, match=f"已合并至档案 {keep.pk}"):
        add_note(by=director_a, child=read_by_the_note, text="电话联系祖母")


def test_a_note_on_the_kept_file_is_filed(station_user, director_a, pair):
    keep, duplicate = pair
    _merge(station_user, keep, duplicate)
    assert add_note(by=director_a, child=keep, text="电话联系祖母").child_id == keep.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_note_written_while_the_file_is_merged_waits_and_is_refused(station_user, director_a,
                                                                                   pair):
    keep, duplicate = pair
    results = []

    def write():
        try:
            results.append(add_note(by=director_a, child=Child.objects.get(pk=duplicate.pk), text="电话联系祖母"))
        except Exception as error:  # noqa: BLE001 - the refusal expected
            results.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        _merge(station_user, keep, duplicate)
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=0.5)  # it waits for the merge's lock
        assert writer.is_alive()
    writer.join()
    assert isinstance(results[0], ValidationError) and not CaseNote.objects.exists()
