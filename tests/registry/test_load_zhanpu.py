"""The organisation loaded from the plan text [三(一), 三(四)]."""

import pytest
from django.core.management import call_command

from registry.models import LeadershipMember, Office, Station

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
