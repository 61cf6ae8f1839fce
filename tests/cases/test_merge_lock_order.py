"""A merge and a mandatory report filed from a hotline call about the same child lock the child's file before the
call, in the same order: PostgreSQL never has to abort one of them as a deadlock, and the report told why it was not
filed (the call now belongs to the file kept)."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cases.models import Child, MandatoryReport
from cases.services import merge as merge_module
from hotline.models import HotlineCall
from hotline.services import file_report_from_call
from tests.factories import ChildFactory
from tests.hotline.factories import CallFactory

BORN = dt.date(2015, 3, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_report_from_a_call_during_a_merge_waits_and_is_refused_not_deadlocked(
        station_user, hotline_user, police_user, village_a, village_b):
    keep = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    duplicate = ChildFactory(village=village_b, name="王小明", birth_date=BORN)
    call = CallFactory(operator=hotline_user, child=duplicate)
    files_locked, results = threading.Event(), {}
    original = merge_module._locked_pair

    def locked_pair_then_pause(*args):
        pair = original(*args)
        files_locked.set()
        threading.Event().wait(1.0)  # the report starts meanwhile
        return pair

    def merge():
        try:
            with mock.patch.object(merge_module, "_locked_pair", locked_pair_then_pause):
                results["merge"] = merge_module.merge_children(by=station_user, keep=keep, keep_version=keep.version,
                                                  duplicate=duplicate, duplicate_version=duplicate.version,
                                                  reason="同一儿童重复建档")
        except Exception as error:  # noqa: BLE001 - read below
            results["merge"] = error
        finally:
            connections.close_all()

    def report():
        files_locked.wait(10)
        try:
            results["report"] = file_report_from_call(
                call=HotlineCall.objects.get(pk=call.pk), version=call.version, by=hotline_user,
                reporter_kind=MandatoryReport.ReporterKind.HOTLINE, situations=[MandatoryReport.Situation.INJURIES],
                summary="来电反映孩子身上有伤")
        except Exception as error:  # noqa: BLE001 - read below
            results["report"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=merge), threading.Thread(target=report)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert isinstance(results["merge"], Child), results["merge"]
    assert isinstance(results["report"], ValidationError), results["report"]
    assert "合并" in " ".join(results["report"].messages)
    assert HotlineCall.objects.get(pk=call.pk).child_id == keep.pk
    assert not MandatoryReport.objects.exists()
