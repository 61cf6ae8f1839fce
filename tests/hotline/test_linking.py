"""Linking a call to a child: the logged search with minimal results, the link, the intake and its decisions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import Child
from hotline.models import CallIntake
from hotline.selectors import match_children, timeline_events
from tests.factories import ChildFactory, make_id_number

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(village_a):
    return ChildFactory(name="张三", village=village_a, birth_date=dt.date(2015, 5, 1), address="甲村三组",
                        school="湛普镇中心校")


@pytest.fixture
def call(hotline_user):
    return CallFactory(operator=hotline_user, summary="邻居反映张三被打")


def test_exact_name_homophone_and_pinyin_match(zhang, village_a, village_b):
    other = ChildFactory(name="章三", village=village_b, birth_date=dt.date(2015, 2, 1))
    ChildFactory(name="李四", village=village_a)
    assert [m["id"] for m in match_children(name="张三")] == [zhang.pk, other.pk]
    assert {m["id"] for m in match_children(name="zhang san")} == {zhang.pk, other.pk}
    assert [m["id"] for m in match_children(name="章三", village=village_a)] == [zhang.pk]


def test_birth_year_narrows_to_one_year_either_side(zhang):
    assert match_children(name="张三", birth_year=2016)
    assert not match_children(name="张三", birth_year=2012)


def test_search_needs_a_name_so_a_village_cannot_be_listed(zhang, village_a):
    assert match_children(name=" ", village=village_a) == []


def test_search_results_show_only_name_birth_year_and_village_and_are_logged(client, hotline_user, call, zhang):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:link", args=[call.pk]), {"name": "zhangsan"})
    body = response.content.decode()
    assert f'data-match="{zhang.pk}"' in body and "张三" in body and "2015" in body and "甲村" in body
    assert zhang.id_number not in body and "甲村三组" not in body and "湛普镇中心校" not in body
    assert reverse("hotline:detail", args=[call.pk]) in body
    assert "zhangsan" not in response.wsgi_request.get_full_path()
    log = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert log.user == hotline_user and log.object_type == "child" and log.object_ids == [zhang.pk]


def test_search_with_no_match_offers_an_intake(client, hotline_user, call, zhang):
    client.force_login(hotline_user)
    body = client.post(reverse("hotline:link", args=[call.pk]), {"name": "王五"}).content.decode()
    assert "data-no-match" in body and reverse("hotline:intake_open", args=[call.pk]) in body


def _search(client, call, name="张三"):
    """The operator's search for the child named on `call`: what it offers is what the call may be linked to."""
    return client.post(reverse("hotline:link", args=[call.pk]), {"name": name})


def test_operator_links_the_call_and_it_shows_on_the_childs_timeline(client, hotline_user, call, zhang):
    client.force_login(hotline_user)
    _search(client, call)
    response = client.post(reverse("hotline:link_child", args=[call.pk]), {"child": zhang.pk})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.child == zhang and call.version == 2
    events = timeline_events(zhang)
    assert len(events) == 1
    assert events[0]["url"] == reverse("hotline:detail", args=[call.pk]) and "邻居反映张三被打" in events[0]["detail"]
    assert events[0]["when"] == call.received_at and events[0]["kind"] == "hotline"


def test_linked_call_becomes_visible_to_that_villages_director(client, hotline_user, call, zhang, director_a,
                                                               director_b):
    client.force_login(hotline_user)
    _search(client, call)
    client.post(reverse("hotline:link_child", args=[call.pk]), {"child": zhang.pk})
    client.force_login(director_a)
    assert client.get(reverse("hotline:detail", args=[call.pk])).status_code == 200
    client.force_login(director_b)
    assert client.get(reverse("hotline:detail", args=[call.pk])).status_code == 404


def test_operator_cannot_open_the_childs_file_from_the_call(client, hotline_user, call, zhang):
    call.child = zhang
    call.save()
    client.force_login(hotline_user)
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert "张三" in body and zhang.id_number not in body and "甲村三组" not in body


def _open_intake(client, call, village, **extra):
    data = {"name": "王小五", "birth_year": "2016", "village": village.pk, "details": "邻居反映无人照看"}
    data.update(extra)
    return client.post(reverse("hotline:intake_open", args=[call.pk]), data)


def test_operator_opens_an_intake(client, hotline_user, call, village_a):
    client.force_login(hotline_user)
    assert _open_intake(client, call, village_a).status_code == 302
    intake = CallIntake.objects.get()
    assert intake.call == call and intake.status == CallIntake.Status.OPEN and intake.opened_by == hotline_user


@pytest.mark.parametrize("years_ago", [19, 30, -1])
def test_intake_for_someone_who_cannot_be_a_minor_is_refused(client, hotline_user, call, village_a, years_ago):
    client.force_login(hotline_user)
    this_year = timezone.localdate().year
    response = _open_intake(client, call, village_a, birth_year=str(this_year - years_ago))
    assert response.status_code == 400
    assert f"未成年人应生于 {this_year - 18} 年至今年之间" in response.content.decode()
    assert not CallIntake.objects.exists()


def test_intake_for_a_child_born_eighteen_years_ago_this_year_is_accepted(client, hotline_user, call, village_a):
    client.force_login(hotline_user)  # born late in that year: still 17
    _open_intake(client, call, village_a, birth_year=str(timezone.localdate().year - 18))
    assert CallIntake.objects.exists()


def test_second_intake_for_the_same_call_is_refused(client, hotline_user, call, village_a):
    client.force_login(hotline_user)
    _open_intake(client, call, village_a)
    response = _open_intake(client, call, village_a)
    assert response.status_code == 400 and CallIntake.objects.count() == 1


@pytest.fixture
def intake(client, hotline_user, call, village_a):
    client.force_login(hotline_user)
    _open_intake(client, call, village_a)
    return CallIntake.objects.get()


def _child_data(village, **extra):
    data = {
        "name": "王小五", "sex": "M", "birth_date": "2016-04-02", "id_number": make_id_number(dt.date(2016, 4, 2), 77),
        "village": village.pk, "address": "", "school": "", "grade": "", "schooling": "in_school",
        "lawful_basis": "热线来电反映，依法建档。",
        "guardians-TOTAL_FORMS": "0", "guardians-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_station_turns_the_intake_into_a_child_file_and_the_call_shows_on_its_timeline(
    client, station_user, intake, village_a
):
    client.force_login(station_user)
    assert client.get(reverse("hotline:intakes")).status_code == 200
    response = client.post(reverse("hotline:intake_register", args=[intake.pk]), _child_data(village_a))
    assert response.status_code == 302
    child = Child.objects.get(name="王小五")
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child == child and intake.decided_by == station_user
    assert intake.call.__class__.objects.get(pk=intake.call_id).child == child
    assert [event["url"] for event in timeline_events(child)] == [reverse("hotline:detail", args=[intake.call_id])]


def test_intake_of_a_child_already_on_file_offers_the_existing_file(client, station_user, intake, zhang, village_a):
    client.force_login(station_user)
    data = _child_data(village_a, id_number=zhang.id_number, birth_date=zhang.birth_date.isoformat())
    response = client.post(reverse("hotline:intake_register", args=[intake.pk]), data)
    body = response.content.decode()
    assert "该身份证号码已有档案" in body and f'data-duplicate="{zhang.pk}"' in body
    assert Child.objects.filter(name="王小五").count() == 0
    client.post(reverse("hotline:intake_link_existing", args=[intake.pk]), {"child": zhang.pk})
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child == zhang
    assert timeline_events(zhang)


def test_bad_child_data_is_refused_and_kept(client, station_user, intake, village_a):
    client.force_login(station_user)
    body = client.post(reverse("hotline:intake_register", args=[intake.pk]),
                       _child_data(village_a, id_number="500230201604020771")).content.decode()
    assert "身份证号码" in body and "热线来电反映，依法建档。" in body
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.OPEN


def test_station_dismisses_an_intake_only_with_a_reason(client, station_user, intake):
    client.force_login(station_user)
    response = client.post(reverse("hotline:intake_dismiss", args=[intake.pk]), {"reason": ""})
    assert response.status_code == 400
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.OPEN
    client.post(reverse("hotline:intake_dismiss", args=[intake.pk]), {"reason": "经核实为外地儿童，已转当地"})
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.DISMISSED and intake.dismiss_reason == "经核实为外地儿童，已转当地"
    assert client.get(reverse("hotline:intake_register", args=[intake.pk])).status_code == 404


@pytest.mark.parametrize("fixture", ["hotline_user", "leader", "director_a", "police_user", "admin_account"])
def test_only_station_decides_intakes(client, request, intake, village_a, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("hotline:intakes")).status_code == 403
    assert client.get(reverse("hotline:intake_register", args=[intake.pk])).status_code == 403
    assert client.post(reverse("hotline:intake_register", args=[intake.pk]), _child_data(village_a)).status_code == 403
    assert client.post(reverse("hotline:intake_dismiss", args=[intake.pk]), {"reason": "x"}).status_code == 403
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.OPEN and not Child.objects.filter(name="王小五").exists()


@pytest.mark.parametrize("fixture,status", [
    ("leader", 403), ("director_a", 404), ("police_user", 404), ("admin_account", 404),
])
def test_only_operator_and_station_search_and_link(client, request, call, zhang, fixture, status):
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(reverse("hotline:link", args=[call.pk]), {"name": "张三"})
    assert response.status_code == status and f'data-match="{zhang.pk}"' not in response.content.decode()
    assert client.post(reverse("hotline:link_child", args=[call.pk]), {"child": zhang.pk}).status_code == status
    assert client.post(reverse("hotline:intake_open", args=[call.pk]), {"name": "x"}).status_code == status
    call.refresh_from_db()
    assert call.child is None and not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


def test_a_merged_duplicate_is_not_offered_and_a_call_linked_to_it_goes_to_the_file_kept(
    client, hotline_user, call, zhang, village_a
):
    copy = ChildFactory(name="张三", village=village_a, birth_date=zhang.birth_date, id_number="")
    client.force_login(hotline_user)
    _search(client, call)  # offers both; the copy is merged into zhang while the results are on screen
    Child.objects.filter(pk=copy.pk).update(status=Child.Status.CLOSED, merged_into=zhang)
    assert [m["id"] for m in match_children(name="张三")] == [zhang.pk]
    client.post(reverse("hotline:link_child", args=[call.pk]), {"child": copy.pk})
    call.refresh_from_db()
    assert call.child == zhang



def _refused(response, call, child) -> None:
    """Not linked, nothing of the child shown: back to the search with a message."""
    assert response.status_code == 302 and response["Location"] == reverse("hotline:link", args=[call.pk])
    call.refresh_from_db()
    assert call.child is None and call.version == 1


def test_a_call_cannot_be_linked_to_a_file_by_its_number_without_the_search(client, hotline_user, call, child_b):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:link_child", args=[call.pk]), {"child": child_b.pk})
    _refused(response, call, child_b)
    body = client.get(reverse("hotline:link", args=[call.pk])).content.decode()
    assert "请先查找儿童" in body and child_b.name not in body


def test_only_a_child_the_search_offered_is_linked(client, hotline_user, call, zhang, child_b):
    client.force_login(hotline_user)
    _search(client, call)
    _refused(client.post(reverse("hotline:link_child", args=[call.pk]), {"child": child_b.pk}), call, child_b)
    _refused(client.post(reverse("hotline:link_child", args=[call.pk]), {"child": "x"}), call, child_b)


def test_a_search_for_one_call_does_not_open_another_call_to_its_results(client, hotline_user, call, zhang):
    other = CallFactory(operator=hotline_user)
    client.force_login(hotline_user)
    _search(client, call)
    _refused(client.post(reverse("hotline:link_child", args=[other.pk]), {"child": zhang.pk}), other, zhang)


def test_matches_show_their_file_number_so_two_alike_can_be_told_apart(client, hotline_user, call, zhang, village_a):
    twin = ChildFactory(name="张三", village=village_a, birth_date=zhang.birth_date, id_number="")
    client.force_login(hotline_user)
    body = _search(client, call).content.decode()
    for child in (zhang, twin):
        assert f'<tr data-match="{child.pk}"><td>{child.pk}</td>' in body
