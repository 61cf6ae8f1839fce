"""A child's file saved from a copy read before a home visit, an assessment or a status change was saved: the edit
writes the file's details only, onto the row as it is now, so the visit, the tier and the status stay. Likewise an
assessment or a merge computed from such a copy. The PostgreSQL tests run two real transactions."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from cases.forms import ChildForm
from cases.models import Child, RiskTier
from cases.services import StaleEdit, assess_risk, request_closure, update_child
from cases.services.children import DETAILS
from cases.services.merge import merge_children
from tests.factories import ChildFactory
from visits.services import record_visit, replan_child

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def never_visited(child_a):
    """child_a as registration leaves it: its first visit due within a day."""
    replan_child(child_a)
    child_a.refresh_from_db()
    assert child_a.urgent_visit_by is not None and child_a.last_visit_on is None
    return child_a


def _visit(by, child, **extra):
    return record_visit(by=by, child=child, visited_on=TODAY(), kind="home", visitors="儿童主任甲", problems="无",
                        **extra)


def _schedule(child) -> tuple:
    child = Child.objects.get(pk=child.pk)
    return child.last_visit_on, child.next_visit_due, child.urgent_visit_by, child.needs_reassessment


def test_an_edit_read_before_a_visit_keeps_the_visit_and_saves_the_edit(director_a, station_user, never_visited):
    read_by_the_edit = Child.objects.get(pk=never_visited.pk)
    _visit(director_a, never_visited, risk_changed=True)
    after_the_visit = _schedule(never_visited)
    update_child(by=station_user, child=read_by_the_edit, version=read_by_the_edit.version, address="新地址")
    child = Child.objects.get(pk=never_visited.pk)
    assert child.address == "新地址" and child.version == read_by_the_edit.version == 2
    assert _schedule(child) == after_the_visit and after_the_visit[0] == TODAY() and after_the_visit[3]


def test_an_edit_read_before_an_assessment_and_a_close_request_keeps_the_tier_and_the_status(
        director_a, station_user, child_a, indicator):
    read_by_the_edit = Child.objects.get(pk=child_a.pk)
    assess_risk(by=station_user, child=Child.objects.get(pk=child_a.pk), indicators=[indicator(10)])
    request_closure(by=director_a, child=Child.objects.get(pk=child_a.pk), reason="已迁出本镇")
    read_by_the_edit.school = "镇中心小学"
    update_child(by=station_user, child=read_by_the_edit, version=read_by_the_edit.version)
    child = Child.objects.get(pk=child_a.pk)
    assert child.school == "镇中心小学"
    assert (child.tier, child.last_assessed_on, child.status) == (RiskTier.RED, TODAY(), Child.Status.CLOSING)


def test_the_history_of_an_edit_records_the_file_as_saved_not_the_copy_read(director_a, station_user,
                                                                           never_visited):
    read_by_the_edit = Child.objects.get(pk=never_visited.pk)
    _visit(director_a, never_visited)
    update_child(by=station_user, child=read_by_the_edit, version=read_by_the_edit.version, address="新地址")
    latest = never_visited.history.first()
    assert (latest.address, latest.last_visit_on, latest.history_user) == ("新地址", TODAY(), station_user)


def test_an_edit_of_a_file_saved_by_someone_since_is_still_refused(station_user, child_a):
    read_by_the_edit = Child.objects.get(pk=child_a.pk)
    update_child(by=station_user, child=Child.objects.get(pk=child_a.pk), version=child_a.version, address="甲")
    with pytest.raises(StaleEdit):
        update_child(by=station_user, child=read_by_the_edit, version=read_by_the_edit.version, address="乙")
    assert Child.objects.get(pk=child_a.pk).address == "甲"


def test_an_edit_changes_the_files_details_only(station_user, child_a):
    with pytest.raises(TypeError):
        update_child(by=station_user, child=child_a, version=child_a.version, status=Child.Status.CLOSED)
    assert Child.objects.get(pk=child_a.pk).status == Child.Status.OPEN


def test_the_details_an_edit_saves_are_the_edit_forms_fields():
    """A field added to the edit form and not to DETAILS would be dropped unseen when saved."""
    assert set(ChildForm._meta.fields) - {"categories", "registered_on"} == set(DETAILS)


def test_an_assessment_read_before_a_visit_keeps_the_visit_on_the_schedule(director_a, station_user,
                                                                          never_visited):
    read_by_the_assessment = Child.objects.get(pk=never_visited.pk)
    _visit(director_a, never_visited)
    due_after_the_visit = Child.objects.get(pk=never_visited.pk).next_visit_due
    assessment = assess_risk(by=station_user, child=read_by_the_assessment, indicators=[])
    child = Child.objects.get(pk=never_visited.pk)
    assert (child.last_visit_on, child.next_visit_due, child.urgent_visit_by) == (TODAY(), due_after_the_visit, None)
    assert assessment.child.tier == child.tier == RiskTier.GREEN  # the page's message reads the file as saved


def test_a_merge_opened_before_a_visit_to_the_kept_file_keeps_the_visit(director_a, station_user, village_a):
    born = TODAY().replace(year=TODAY().year - 8)
    keep = ChildFactory(village=village_a, name="王小明", birth_date=born, id_number="")
    duplicate = ChildFactory(village=village_a, name="王小明", birth_date=born, id_number="", address="幸福路1号")
    replan_child(keep)
    read_by_the_merge = Child.objects.get(pk=keep.pk)
    _visit(director_a, keep, risk_changed=True)
    after_the_visit = _schedule(keep)
    merge_children(by=station_user, keep=read_by_the_merge, keep_version=keep.version, duplicate=duplicate,
                   duplicate_version=duplicate.version, reason="重复建档")
    kept = Child.objects.get(pk=keep.pk)
    assert kept.address == "幸福路1号" and kept.visits.count() == 1
    assert _schedule(kept) == after_the_visit


def test_a_merge_into_a_file_closed_since_the_page_was_opened_is_refused(director_a, station_user, village_a):
    born = TODAY().replace(year=TODAY().year - 8)
    keep = ChildFactory(village=village_a, name="王小明", birth_date=born, id_number="")
    duplicate = ChildFactory(village=village_a, name="王小明", birth_date=born, id_number="")
    read_by_the_merge = Child.objects.get(pk=keep.pk)
    Child.objects.filter(pk=keep.pk).update(status=Child.Status.CLOSED)  # closed by the station meanwhile
    with pytest.raises(ValidationError, match="保留的档案已结案"):
        merge_children(by=station_user, keep=read_by_the_merge, keep_version=keep.version, duplicate=duplicate,
                       duplicate_version=duplicate.version, reason="重复建档")
    assert Child.objects.get(pk=duplicate.pk).merged_into_id is None


def _lock_wait() -> bool:
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity"
                           " WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def _in_a_thread(work, results: list) -> threading.Thread:
    def run():
        try:
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported by the test
            results.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_an_assessment_while_a_visit_is_saved_waits_and_keeps_the_visit(director_a, station_user,
                                                                                     never_visited):
    results = []
    with transaction.atomic():
        _visit(director_a, never_visited)
        assessor = _in_a_thread(lambda: assess_risk(
            by=station_user, child=Child.objects.get(pk=never_visited.pk), indicators=[]), results)
        assert _lock_wait()
    assessor.join()
    assert not isinstance(results[0], Exception), results
    child = Child.objects.get(pk=never_visited.pk)
    assert (child.last_visit_on, child.urgent_visit_by, child.tier) == (TODAY(), None, RiskTier.GREEN)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_an_edit_while_a_close_request_is_saved_keeps_the_request(director_a, station_user, child_a):
    results = []
    with transaction.atomic():
        request_closure(by=director_a, child=Child.objects.get(pk=child_a.pk), reason="已迁出本镇")

        def edit():
            child = Child.objects.get(pk=child_a.pk)
            return update_child(by=station_user, child=child, version=child.version, address="新地址")

        editor = _in_a_thread(edit, results)
        assert _lock_wait()
    editor.join()
    assert not isinstance(results[0], Exception), results
    child = Child.objects.get(pk=child_a.pk)
    assert (child.address, child.status) == ("新地址", Child.Status.CLOSING)
