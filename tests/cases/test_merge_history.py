"""A merge of two files of the same child leaves a change history of what it moved: each record moved from the
duplicate to the file kept has a history row saying who merged and that the merge moved it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.selectors import history_for
from cases.models import CaseNote, ChildCategory, Guardian, Intervention, MandatoryReport, Referral, RiskAssessment
from cases.services import assess_risk
from cases.services.merge import merge_children
from hotline.models import CallIntake, HotlineCall, IssueCategory
from registry.models import Office
from tests.factories import ChildFactory, GuardianFactory
from tests.hotline.factories import CallFactory
from tests.visits.factories import HomeVisitFactory
from visits.models import HomeVisit

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 3, 1)


@pytest.fixture
def pair(village_a, village_b):
    """The same child on two files: the first (kept) without an ID number, the second in another village."""
    keep = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="")
    duplicate = ChildFactory(village=village_b, name="王小明", birth_date=BORN)
    return keep, duplicate


def _merge(by, keep, duplicate):
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    return merge_children(by=by, keep=keep, keep_version=keep.version, duplicate=duplicate,
                          duplicate_version=duplicate.version, reason="核对户籍，同一儿童重复建档")


def _records_of(child, by, indicator):
    """One record of each kind a merge moves that keeps a change history."""
    assess_risk(by=by, child=child, indicators=[indicator(1)])
    return [
        RiskAssessment.objects.get(child=child),
        GuardianFactory(child=child, name="王父"),
        HomeVisitFactory(child=child),
        CallFactory(child=child, operator=by),
        CallIntake.objects.create(call=CallFactory(operator=by), name="王小明", opened_by=by, child=child),
        CaseNote.objects.create(child=child, author=by, text="乙社区的备注"),
        Referral.objects.create(child=child, office=Office.objects.get(code="school"), reason="核查",
                                due_date=timezone.localdate(), referred_by=by),
        Intervention.objects.create(child=child, kind=Intervention.Kind.STUDY, done_by="中心校", recorded_by=by),
        MandatoryReport.objects.create(child=child, reporter_kind=MandatoryReport.ReporterKind.HOTLINE,
                                       summary="来电反映孩子身上有伤", recorded_by=by),
    ]


def test_each_record_moved_by_a_merge_has_a_history_row_saying_who_moved_it_and_why(station_user, pair, indicator):
    keep, duplicate = pair
    records = _records_of(duplicate, station_user, indicator)

    _merge(station_user, keep, duplicate)

    for record in records:
        latest = record.history.model.objects.filter(id=record.pk).latest("history_date", "history_id")
        assert (latest.history_type, latest.child_id, latest.history_user) == ("~", keep.pk, station_user), record
        assert latest.history_change_reason == f"合并档案：从档案 {duplicate.pk} 移至档案 {keep.pk}", record


def test_the_kept_files_history_page_shows_the_records_moved_there(client, station_user, pair):
    keep, duplicate = pair
    guardian = GuardianFactory(child=duplicate, name="王父")
    visit = HomeVisitFactory(child=duplicate)

    _merge(station_user, keep, duplicate)

    client.force_login(station_user)
    body = client.get(reverse("cases:child_history", args=[keep.pk])).content.decode()
    assert f"监护人 #{guardian.pk}" in body and f"#{visit.pk}" in body
    assert f"合并档案：从档案 {duplicate.pk} 移至档案 {keep.pk}" in body


def test_a_moved_calls_history_keeps_its_issue_categories(station_user, hotline_user, pair):
    keep, duplicate = pair
    neglect = IssueCategory.objects.get(code="neglect")
    call = CallFactory(child=duplicate, operator=hotline_user, categories=[neglect])

    _merge(station_user, keep, duplicate)

    latest = history_for(HotlineCall.objects.get(pk=call.pk))[0]
    assert latest.who == station_user and latest.reason.startswith("合并档案")
    assert [change.label for change in latest.changes] == ["关联儿童"]  # the categories stay as they were


def test_the_categories_taken_from_the_duplicate_are_on_the_kept_files_merge_row(station_user, pair):
    keep, duplicate = pair
    orphan = ChildCategory.objects.get(code="orphan")
    duplicate.categories.add(orphan)
    rows = keep.history.count()

    _merge(station_user, keep, duplicate)

    assert keep.history.count() == rows + 1
    latest = history_for(keep)[0]
    assert latest.who == station_user
    assert {change.label: (change.old, change.new) for change in latest.changes}["儿童类别"] == ("—", orphan.name)


def _merge_queries(station_user, village_a, village_b, records: int) -> int:
    keep = ChildFactory(village=village_a, name="李小红", birth_date=BORN, id_number="")
    duplicate = ChildFactory(village=village_b, name="李小红", birth_date=BORN)
    for n in range(records):
        GuardianFactory(child=duplicate, name=f"监护人{n}")
        HomeVisitFactory(child=duplicate, visited_on=timezone.localdate() - dt.timedelta(days=n + 1))
        CaseNote.objects.create(child=duplicate, author=station_user, text=f"备注{n}")
    CallFactory(child=duplicate, operator=station_user)
    with CaptureQueriesContext(connection) as queries:
        _merge(station_user, keep, duplicate)
    assert Guardian.objects.filter(child=keep).count() == records
    assert HomeVisit.objects.filter(child=keep).count() == records
    return len(queries.captured_queries)


def test_a_merges_queries_do_not_grow_with_the_records_moved(station_user, village_a, village_b):
    _merge_queries(station_user, village_a, village_b, 1)  # warms the process-wide caches (content types)
    few = _merge_queries(station_user, village_a, village_b, 2)
    assert _merge_queries(station_user, village_a, village_b, 12) == few
