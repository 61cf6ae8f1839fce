"""The station merges a child registered twice: one file keeps everything, the other is closed as merged."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import CaseNote, Child, ChildCategory, RiskTier, StatusChange
from cases.selectors import similar_children
from cases.services import assess_risk, create_referral, reopen_case, respond_to_referral
from cases.services.merge import merge_children
from hotline.models import HotlineCall
from hotline.services import update_call
from registry.models import Office
from registry.privacy import mask_id_number
from tests.factories import ChildFactory, GuardianFactory
from tests.hotline.factories import CallFactory
from visits.models import HomeVisit
from visits.services import StaleVisit, correct_visit, record_visit

pytestmark = pytest.mark.django_db

BORN = dt.date(2015, 3, 1)
TODAY = timezone.localdate


@pytest.fixture
def pair(village_a, village_b):
    """The same child on two files: the first (kept) without an ID number, the second in another village with one."""
    keep = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="", address="")
    duplicate = ChildFactory(village=village_b, name="王小明", birth_date=BORN, address="乙社区3组", school="中心校")
    return keep, duplicate


def _url(keep, duplicate):
    return reverse("cases:child_merge", args=[keep.pk, duplicate.pk])


def _post(client, keep, duplicate, reason="核对户籍，同一儿童重复建档"):
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    return client.post(_url(keep, duplicate), {
        "reason": reason, "keep_version": keep.version, "duplicate_version": duplicate.version,
    })


def test_page_shows_both_files_and_what_moves(client, station_user, pair):
    keep, duplicate = pair
    GuardianFactory(child=duplicate)
    client.force_login(station_user)
    response = client.get(_url(keep, duplicate))
    assert response.status_code == 200
    body = response.content.decode()
    assert duplicate.id_number not in body and mask_id_number(duplicate.id_number) in body
    assert dict(response.context["records"])["监护人"] == [0, 1]
    assert "确认合并" in body
    log = AccessLog.objects.get(detail="合并档案核对")
    assert sorted(log.object_ids) == sorted([keep.pk, duplicate.pk]) and log.user == station_user


def test_merge_moves_every_record_and_closes_the_duplicate(client, station_user, pair, indicator):
    keep, duplicate = pair
    category = ChildCategory.objects.first()
    duplicate.categories.add(category)
    GuardianFactory(child=duplicate, name="王父")
    record_visit(by=station_user, child=duplicate, visited_on=TODAY() - dt.timedelta(days=2), kind=HomeVisit.Kind.HOME,
                 visitors="儿童主任乙", problems="无")
    assess_risk(by=station_user, child=duplicate, indicators=[indicator(10)])  # 红
    call = CallFactory(child=duplicate)
    CaseNote.objects.create(child=duplicate, author=station_user, text="乙社区的备注")
    id_number = duplicate.id_number
    client.force_login(station_user)

    response = _post(client, keep, duplicate)

    assert response.status_code == 302 and response.url == reverse("cases:child_detail", args=[keep.pk])
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert list(keep.guardians.values_list("name", flat=True)) == ["王父"]
    assert keep.visits.count() == 1 and keep.assessments.count() == 1 and keep.notes.count() == 1
    assert HotlineCall.objects.get(pk=call.pk).child == keep
    assert list(keep.categories.all()) == [category]
    # blanks completed from the duplicate; the ID number moved (only one file may hold it)
    assert (keep.id_number, keep.address, keep.school) == (id_number, "乙社区3组", "中心校")
    assert duplicate.id_number == ""
    # the kept file's schedule follows the records it now holds: 红, visited two days ago → due in 7 days' cycle
    assert keep.tier == RiskTier.RED and keep.last_visit_on == TODAY() - dt.timedelta(days=2)
    assert keep.next_visit_due is not None and keep.next_visit_due <= TODAY() + dt.timedelta(days=5)
    assert (duplicate.status, duplicate.merged_into, duplicate.next_visit_due) == (Child.Status.CLOSED, keep, None)
    merges = StatusChange.objects.filter(kind=StatusChange.Kind.MERGE)
    assert {(change.child_id, change.by_id) for change in merges} == {(keep.pk, station_user.pk),
                                                                      (duplicate.pk, station_user.pk)}
    assert "核对户籍" in merges.get(child=keep).reason
    assert duplicate.history.first().history_user == station_user  # who closed it, in the change history


def test_merged_file_points_to_the_kept_one_and_leaves_the_duplicates_review(client, station_user, pair):
    keep, duplicate = pair
    client.force_login(station_user)
    _post(client, keep, duplicate)
    body = client.get(reverse("cases:child_detail", args=[duplicate.pk])).content.decode()
    assert "已合并至档案" in body and reverse("cases:child_detail", args=[keep.pk]) in body
    assert reverse("cases:status_change", args=[duplicate.pk, "reopen"]) not in body
    assert "没有疑似重复的档案" in client.get(reverse("cases:possible_duplicates")).content.decode()
    assert list(similar_children(name="王小明", birth_date=BORN)) == [keep]  # registering again warns of one file


def test_the_kept_file_takes_the_duplicates_director_only_if_they_direct_its_village(client, station_user, pair,
                                                                                      director_a, director_b):
    keep, duplicate = pair
    Child.objects.filter(pk=duplicate.pk).update(responsible_director=director_b)  # 乙社区's director
    client.force_login(station_user)
    _post(client, keep, duplicate)
    assert Child.objects.get(pk=keep.pk).responsible_director is None  # 甲村's file: not 乙社区's director

    again = ChildFactory(village=keep.village, name="李小红", birth_date=BORN, id_number="")
    copy = ChildFactory(village=keep.village, name="李小红", birth_date=BORN, responsible_director=director_a)
    _post(client, again, copy)
    assert Child.objects.get(pk=again.pk).responsible_director == director_a


def test_a_merged_file_cannot_be_reopened(station_user, pair):
    keep, duplicate = pair
    from cases.services.merge import merge_children

    merge_children(by=station_user, keep=keep, keep_version=keep.version, duplicate=duplicate,
                   duplicate_version=duplicate.version, reason="重复")
    duplicate.refresh_from_db()
    with pytest.raises(Exception, match="已合并至档案"):
        reopen_case(by=station_user, child=duplicate, reason="误操作")


def test_duplicates_review_links_each_file_to_the_merge(client, station_user, pair):
    keep, duplicate = pair
    client.force_login(station_user)
    body = client.get(reverse("cases:possible_duplicates")).content.decode()
    assert _url(keep, duplicate) in body and _url(duplicate, keep) in body


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "王晓明"}, "只能合并姓名和出生日期都相同的档案"),
    ({"id_number": "different"}, "身份证号码不同"),
])
def test_two_different_children_are_not_merged(client, station_user, pair, change, message):
    keep, duplicate = pair
    if change.get("id_number"):
        keep.id_number = ChildFactory.build(birth_date=BORN).id_number
        keep.save()
    else:
        Child.objects.filter(pk=keep.pk).update(**change)
    client.force_login(station_user)
    page = client.get(_url(keep, duplicate)).content.decode()
    assert message in page and "确认合并" not in page
    response = _post(client, keep, duplicate)
    assert response.status_code == 200 and message in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == Child.Status.OPEN and duplicate.merged_into is None


def test_a_reason_is_required_and_the_input_is_kept(client, station_user, pair):
    keep, duplicate = pair
    GuardianFactory(child=duplicate)
    client.force_login(station_user)
    response = _post(client, keep, duplicate, reason="  ")
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert duplicate.guardians.count() == 1 and not StatusChange.objects.exists()


def test_a_file_changed_since_the_page_was_opened_is_not_merged(client, station_user, pair):
    keep, duplicate = pair
    GuardianFactory(child=duplicate)
    client.force_login(station_user)
    response = client.post(_url(keep, duplicate), {
        "reason": "重复建档", "keep_version": keep.version, "duplicate_version": duplicate.version - 1,
    })
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.guardians.count() == 1 and duplicate.merged_into is None
    assert keep.version == 1  # the kept file's claim was rolled back with the rest


def test_a_file_is_not_merged_into_itself(client, station_user, pair):
    keep, _duplicate = pair
    client.force_login(station_user)
    assert "不能把档案合并到它自己" in client.get(_url(keep, keep)).content.decode()


@pytest.mark.parametrize("role", ["leader", "director_a", "director_b", "hotline_user", "police_user",
                                  "admin_account"])
def test_only_the_station_merges(client, request, role, pair):
    keep, duplicate = pair
    GuardianFactory(child=duplicate, name="王父")
    client.force_login(request.getfixturevalue(role))
    page = client.get(_url(keep, duplicate))
    posted = _post(client, keep, duplicate)
    assert page.status_code == 403 and posted.status_code == 403
    assert "王父" not in page.content.decode() and duplicate.id_number[-4:] not in page.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.guardians.count() == 1


def test_signed_out_visitor_is_sent_to_the_login(client, pair):
    keep, duplicate = pair
    response = client.get(_url(keep, duplicate))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_kept_file_dates_from_the_earlier_registration_so_moved_visits_stay_correctable(
    client, station_user, village_a
):
    keep = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="",
                        registered_on=TODAY() - dt.timedelta(days=10))
    duplicate = ChildFactory(village=village_a, name="王小明", birth_date=BORN, id_number="",
                             registered_on=TODAY() - dt.timedelta(days=400))
    visit = record_visit(by=station_user, child=duplicate, visited_on=TODAY() - dt.timedelta(days=300), kind="home",
                         visitors="甲")
    client.force_login(station_user)
    assert _post(client, keep, duplicate).status_code == 302
    keep.refresh_from_db()
    assert keep.registered_on == TODAY() - dt.timedelta(days=400)
    visit.refresh_from_db()
    response = client.post(reverse("visits:edit", args=[visit.pk]), {
        "visited_on": visit.visited_on.isoformat(), "kind": "home", "visitors": "更正后的走访人",
        "version": visit.version,
    })
    assert response.status_code == 302 and HomeVisit.objects.get(pk=visit.pk).visitors == "更正后的走访人"


def test_a_record_read_before_the_merge_is_not_saved_back_onto_the_merged_file(station_user, police_user, pair):
    """A correction or an action that read a visit, referral or call just before the merge moved it (the same
    moment, in another request) does not put it back on the merged file: a visit's correction is refused as stale
    (the form kept), a referral's answer and a call's correction apply to the record as it is now."""
    keep, duplicate = pair
    visit = record_visit(by=station_user, child=duplicate, visited_on=TODAY() - dt.timedelta(days=2),
                         kind=HomeVisit.Kind.HOME, visitors="儿童主任乙", problems="无")
    referral = create_referral(by=station_user, child=duplicate, office=Office.objects.get(code="police"),
                               reason="需要派出所协助")
    call = CallFactory(child=duplicate)
    read = (HomeVisit.objects.get(pk=visit.pk), type(referral).objects.get(pk=referral.pk),
            HotlineCall.objects.get(pk=call.pk))
    merge_children(by=station_user, keep=keep, keep_version=keep.version, duplicate=duplicate,
                   duplicate_version=duplicate.version, reason="同一儿童重复建档")

    with pytest.raises(StaleVisit):
        correct_visit(by=station_user, visit=read[0], version=read[0].version, problems="更正：无")
    respond_to_referral(by=police_user, referral=read[1], version=read[1].version, response="已联系")
    update_call(call=read[2], by=station_user, version=read[2].version, summary="更正")
    assert HomeVisit.objects.get(pk=visit.pk).child_id == keep.pk
    assert type(referral).objects.get(pk=referral.pk).child_id == keep.pk
    assert HotlineCall.objects.get(pk=call.pk).child_id == keep.pk
