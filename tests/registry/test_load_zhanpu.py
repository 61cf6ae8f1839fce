"""The organisation loaded from the plan text [三(一), 三(四)]."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from registry.data.plan import LEADERSHIP, OFFICES
from registry.models import Holiday, LeadershipMember, Office, Station

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Office.objects.values_list("code", "name", "duties", "order")),
        list(LeadershipMember.objects.values_list("name", "position", "title", "office__code")),
        list(Station.objects.values_list("name", "location", "hotline", "office__code")),
    )


def test_nine_offices_of_the_plan_with_their_duties(org):
    names = list(Office.objects.values_list("name", flat=True))
    assert names == ["党政办", "社事办", "司法所", "文化服务中心", "妇联", "残联", "派出所", "学校", "团委"]
    police = Office.objects.get(code="police")
    assert "打拐" in police.duties and police.duties.startswith("依法对互联网上涉未成年人的违法违规问题开展查处")
    assert Office.objects.get(code="shishi").duties.startswith("承担保合镇未成年人保护工作领导小组办公室日常工作")


def test_leadership_group_matches_the_plan(org):
    seats = {(m.name, m.position, m.title) for m in LeadershipMember.objects.all()}
    assert ("李晟", "head", "党委书记") in seats
    assert ("陈登芳", "deputy", "党委宣传委员") in seats
    assert ("田原", "member", "民政和社会事务办负责人") in seats
    for name, title in [("张玉裙", "妇联主席"), ("胡跃", "团委书记"), ("肖仁才", "司法所所长"),
                        ("杜德权", "湛普镇中心校校长"), ("谭文学", "包鸾派出所指导员")]:
        assert (name, "member", title) in seats
    office_director = LeadershipMember.objects.get(position="office_director")
    assert office_director.name == "田原" and office_director.office.name == "社事办"
    assert LeadershipMember.objects.filter(is_collective=True).count() == 2


def test_station_and_hotline(org):
    station = Station.objects.get()
    assert station.location == "新时代文明实践站"
    assert station.hotline == "02370630963"
    assert station.hotline_display == "023-70630963"
    assert station.office.name == "社事办"


def test_running_twice_changes_nothing(org):
    before = _snapshot()
    call_command("load_zhanpu", verbosity=0)
    assert _snapshot() == before
    assert Station.objects.count() == 1


# --- run again on every deploy (README: migrate && load_zhanpu): what the leadership edited in the admin stays -----

def _rerun():
    call_command("load_zhanpu", verbosity=0)


def test_rerun_keeps_an_office_edited_in_the_admin(org):
    police = Office.objects.get(code="police")
    police.name_zh_hans, police.name_en = "包鸾派出所", "Baoluan Police Station"
    police.duties_zh_hans, police.duties_en = "站里改过的职责", "Duties as the station rewrote them"
    police.order = 20
    police.save()
    _rerun()
    police = Office.objects.get(code="police")
    assert (police.name_zh_hans, police.name_en, police.duties_zh_hans, police.duties_en, police.order) == (
        "包鸾派出所", "Baoluan Police Station", "站里改过的职责", "Duties as the station rewrote them", 20)
    assert Office.objects.count() == len(OFFICES)


def test_rerun_fills_an_office_english_still_blank_but_never_beside_rewritten_chinese(org):
    """A database loaded before a release added the English gets it; rewritten Chinese keeps its blank English
    (shown in Chinese) rather than the English of the plan's text."""
    Office.objects.filter(code="police").update(name_en="", duties_en=None)
    Office.objects.filter(code="school").update(duties_zh_hans="学校改过的职责", duties_en=None)
    _rerun()
    police, school = Office.objects.get(code="police"), Office.objects.get(code="school")
    plan_police = next(row for row in OFFICES if row["code"] == "police")
    assert (police.name_en, police.duties_en) == (plan_police["name_en"], plan_police["duties_en"])
    assert (school.duties_zh_hans, school.duties_en) == ("学校改过的职责", None)


def test_rerun_keeps_a_leadership_seat_edited_in_the_admin(org):
    seat = LeadershipMember.objects.get(name_zh_hans="田原", position="member")
    seat.title_zh_hans, seat.title_en = "社会事务办主任", "Director of the Social Affairs Office"
    seat.office, seat.order = Office.objects.get(code="dangzheng"), 30
    seat.save()
    _rerun()
    seat = LeadershipMember.objects.get(pk=seat.pk)
    assert (seat.title_zh_hans, seat.title_en, seat.office.code, seat.order) == (
        "社会事务办主任", "Director of the Social Affairs Office", "dangzheng", 30)


def test_rerun_does_not_bring_back_a_seat_handed_to_a_successor(org):
    seat = LeadershipMember.objects.get(name_zh_hans="李晟", position="head")
    seat.name_zh_hans, seat.name_en = "王五", "Wang Wu"  # a new head, entered in the admin
    seat.save()
    _rerun()
    assert list(LeadershipMember.objects.filter(position="head").values_list("name_zh_hans", flat=True)) == ["王五"]
    assert LeadershipMember.objects.count() == len(LEADERSHIP)


def test_rerun_does_not_bring_back_a_seat_removed_in_the_admin(org):
    LeadershipMember.objects.filter(name_zh_hans="胡跃").delete()
    _rerun()
    assert not LeadershipMember.objects.filter(name_zh_hans="胡跃").exists()


def test_rerun_fills_a_seat_english_name_still_blank(org):
    LeadershipMember.objects.filter(name_zh_hans="李晟").update(name_en="")
    _rerun()
    assert LeadershipMember.objects.get(name_zh_hans="李晟").name_en == "Li Sheng"


def test_rerun_keeps_the_station_edited_in_the_admin(org):
    station = Station.objects.get()
    station.name_zh_hans, station.name_en = "湛普镇未成年人保护站", "Zhanpu Minor Protection Station"
    station.location_zh_hans, station.location_en = "镇政府二楼", "Township government, 2nd floor"
    station.duties_zh_hans, station.hotline = "站里改过的职责", "02312345678"
    station.save()
    _rerun()
    station = Station.objects.get()
    assert (station.name_zh_hans, station.name_en, station.location_zh_hans, station.location_en,
            station.duties_zh_hans, station.hotline) == (
        "湛普镇未成年人保护站", "Zhanpu Minor Protection Station", "镇政府二楼", "Township government, 2nd floor",
        "站里改过的职责", "02312345678")


def test_rerun_keeps_the_holidays_the_station_corrected(org):
    year = timezone.localdate().year
    loaded = Holiday.objects.filter(source=Holiday.Source.PACKAGE, start_date__year=year).order_by("start_date")
    corrected, moved = loaded[0], loaded[1]
    corrected.end_date += dt.timedelta(days=1)
    corrected.name_en = "Corrected name"
    corrected.save()
    moved.start_date += dt.timedelta(days=1)  # the announced period starts a day later than the estimate
    moved.save()
    rows = Holiday.objects.count()
    _rerun()
    corrected_now = Holiday.objects.get(pk=corrected.pk)
    assert (corrected_now.end_date, corrected_now.name_en, corrected_now.source) == (
        corrected.end_date, "Corrected name", Holiday.Source.PACKAGE)
    assert Holiday.objects.count() == rows  # the moved period is not loaded a second time at its old date
