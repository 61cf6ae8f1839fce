"""Hotline, referral and plan-compliance figures, computed by hand from fixtures of last month and read off the
monthly report, for the township and for each village's child director."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Referral
from dashboard.scope import current_month
from hotline.models import HotlineCall, IssueCategory
from hotline.services import follow_up_due
from registry.models import Facility as FacilityModel
from registry.models import FacilityInspection, FamilyEducationSession, Office, Task
from registry.services import grant_office_access
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:report")


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def call(operator, received_at, *, child=None, call_type="help", urgency="normal", answered_after=None,
         categories=()):
    made = HotlineCall.objects.create(
        operator=operator, received_at=received_at, child=child, call_type=call_type, urgency=urgency,
        caller_relation="neighbour", summary="测试来电", follow_up_due=follow_up_due(received_at, urgency),
        callback_at=received_at + answered_after if answered_after else None,
        status="called_back" if answered_after else "open",
    )
    made.categories.set(categories)
    return made


@pytest.fixture
def month():
    return current_month().previous()


@pytest.fixture
def calls(month, village_a, village_b, hotline_user):
    day = month.first + dt.timedelta(days=1)
    child_a, child_b = ChildFactory(village=village_a), ChildFactory(village=village_b)
    neglect = IssueCategory.objects.order_by("order").first()
    call(hotline_user, at(day, 9), child=child_a, urgency="urgent", answered_after=dt.timedelta(hours=3),
         categories=[neglect])  # on time: same day
    call(hotline_user, at(day, 10), child=child_a, urgency="urgent", answered_after=dt.timedelta(days=2))  # late
    call(hotline_user, at(day, 11), child=child_a, call_type="consult")  # never answered: overdue
    call(hotline_user, at(day, 12), child=child_b, call_type="invalid_silent", urgency="")
    call(hotline_user, at(day, 13), call_type="report", urgency="pressing", answered_after=dt.timedelta(hours=70),
         categories=[neglect])  # no child: township only
    call(hotline_user, at(month.first - dt.timedelta(days=3), 9), child=child_a)  # the month before: not counted
    return {"neglect": neglect}


def cell(body, row_attr, col):
    row = re.search(rf"<tr {row_attr}>(.*?)</tr>", body, re.S).group(1)
    return int(re.search(rf'data-col="{col}">(?:<a [^>]*>)?(\d+)[<\s]', row).group(1))


def call_type_count(body, value):
    return int(re.search(rf'data-call-type="{value}">(?:<a [^>]*>)?(\d+)<', body).group(1))


def test_township_call_figures(client, leader, calls, month):
    client.force_login(leader)
    body = client.get(URL, {"month": month.key}).content.decode()
    assert call_type_count(body, "help") == 2
    assert call_type_count(body, "consult") == 1
    assert call_type_count(body, "report") == 1
    assert call_type_count(body, "invalid_silent") == 1
    assert re.search(r'data-figure="calls-total">(?:<a [^>]*>)?5<', body)
    assert [cell(body, 'data-urgency="urgent"', col) for col in ("total", "on_time", "late", "overdue")] == [2, 1, 1, 0]
    assert [cell(body, 'data-urgency="normal"', col) for col in ("total", "overdue")] == [1, 1]
    assert [cell(body, 'data-urgency="pressing"', col) for col in ("total", "on_time")] == [1, 1]


def test_director_counts_only_calls_of_own_village_children(client, director_a, director_b, calls, month):
    client.force_login(director_a)
    body = client.get(URL, {"month": month.key}).content.decode()
    assert re.search(r'data-figure="calls-total">(?:<a [^>]*>)?3<', body)
    assert call_type_count(body, "report") == 0
    client.force_login(director_b)
    body = client.get(URL, {"month": month.key}).content.decode()
    assert re.search(r'data-figure="calls-total">(?:<a [^>]*>)?1<', body)


def test_call_figures_link_to_the_ledger_filtered_to_the_month(client, leader, calls, month):
    client.force_login(leader)
    body = client.get(URL, {"month": month.key}).content.decode()
    link = (f"{reverse('hotline:ledger')}?received_from={month.first.isoformat()}"
            f"&amp;received_to={month.last.isoformat()}")
    assert f'href="{link}&amp;call_type=help"' in body
    assert f'href="{link}&amp;urgency=normal&amp;status=overdue"' in body


@pytest.fixture
def referrals(org, village_a, village_b):
    police, school = Office.objects.get(code="police"), Office.objects.get(code="school")
    today = timezone.localdate()
    child_a, child_b = ChildFactory(village=village_a), ChildFactory(village=village_b)

    def refer(child, office, status, due):
        return Referral.objects.create(child=child, office=office, reason="测试转介", status=status, due_date=due)

    refer(child_a, police, "pending", today - dt.timedelta(days=1))  # overdue
    refer(child_a, school, "done", today - dt.timedelta(days=10))  # done: never overdue
    refer(child_b, police, "accepted", today + dt.timedelta(days=1))
    return {"police": police, "school": school}


def test_referrals_by_office_and_status(client, leader, director_a, referrals):
    client.force_login(leader)
    body = client.get(reverse("dashboard:index")).content.decode()
    assert cell(body, 'data-office="police"', "overdue") == 1
    assert cell(body, 'data-office="school"', "overdue") == 0
    assert cell(body, 'data-office="police"', "new") == 2  # both created today, this month
    assert re.search(r'data-figure="referrals-overdue">1<', body)
    client.force_login(director_a)
    body = client.get(reverse("dashboard:index")).content.decode()
    assert cell(body, 'data-office="police"', "new") == 1  # 乙社区's referral is not counted
    assert cell(body, 'data-office="police"', "overdue") == 1


@pytest.fixture
def plan_work(org, month, village_a, village_b, director_a):
    today = timezone.localdate()
    FacilityModel.objects.create(village=village_a, name="甲村儿童之家")  # never inspected
    fine = FacilityModel.objects.create(village=village_b, name="乙社区图书室")
    FacilityInspection.objects.create(facility=fine, inspected_on=today - dt.timedelta(days=10), inspector="检查人")
    unsigned = FacilityModel.objects.create(village=village_b, name="乙社区活动室")
    FacilityInspection.objects.create(facility=unsigned, inspected_on=today - dt.timedelta(days=10),
                                      inspector="检查人", no_smoking_sign_present=False, problems="缺禁烟标志")
    police = Office.objects.get(code="police")
    Task.objects.create(title="甲村任务", village=village_a, owner="甲", due_on=today - dt.timedelta(days=2))
    Task.objects.create(title="派出所任务", office=police, owner="警", due_on=today - dt.timedelta(days=2))
    Task.objects.create(title="乙社区已完成", village=village_b, owner="乙", due_on=today - dt.timedelta(days=2),
                        status=Task.Status.DONE)
    day = month.first - dt.timedelta(days=7)
    while day <= month.last + dt.timedelta(days=7):  # 乙社区 opens two hours every day: never short
        FamilyEducationSession.objects.create(village=village_b, date=day, start_time=dt.time(9),
                                              end_time=dt.time(11), place="活动室", host="主持人", held=True)
        day += dt.timedelta(days=1)


def _finished_mondays(month):
    today = timezone.localdate()
    mondays = [month.first + dt.timedelta(days=n) for n in range(31)]
    return [d for d in mondays if d.month == month.month and d.weekday() == 0 and d + dt.timedelta(days=6) < today]


def figure(body, name):
    return int(re.search(rf'data-figure="{name}">(?:<a [^>]*>)?(\d+)<', body).group(1))


def test_township_plan_compliance(client, leader, plan_work, month, village_a, village_b):
    client.force_login(leader)
    body = client.get(URL, {"month": month.key}).content.decode()
    assert figure(body, "without-director") == 1  # 乙社区: director_b was never created
    assert figure(body, "facilities-flagged") == 2
    assert figure(body, "tasks-overdue") == 2
    assert figure(body, "short-weeks") == len(_finished_mondays(month))  # every week of 甲村, none of 乙社区
    assert cell(body, f'data-compliance-village="{village_b.pk}"', "short_weeks") == 0
    assert cell(body, f'data-compliance-village="{village_a.pk}"', "directors") == 1
    assert "甲村儿童之家" in body and "乙社区活动室" in body and "乙社区图书室" not in body  # the lists behind
    assert "派出所任务" in body and "乙社区已完成" not in body


@pytest.mark.parametrize("fixture", ["leader", "director_a"])
def test_facility_and_task_figures_match_the_lists_they_link_to(client, request, fixture, plan_work):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("dashboard:index")).content.decode()
    names = {"facilities-flagged": ["甲村儿童之家", "乙社区活动室", "乙社区图书室"],
             "tasks-overdue": ["甲村任务", "派出所任务", "乙社区已完成"]}
    for figure_name, candidates in names.items():
        match = re.search(rf'data-figure="{figure_name}"><a href="([^"]+)"[^>]*>(\d+)<', body)
        listed = client.get(html.unescape(match.group(1))).content.decode()
        assert int(match.group(2)) == sum(name in listed for name in candidates), figure_name


def test_director_plan_compliance_is_own_village_only(client, director_a, plan_work, month, village_b):
    client.force_login(director_a)
    body = client.get(URL, {"month": month.key}).content.decode()
    assert figure(body, "without-director") == 0
    assert figure(body, "facilities-flagged") == 1
    assert figure(body, "tasks-overdue") == 1
    assert "乙社区活动室" not in body and "派出所任务" not in body
    assert f'data-compliance-village="{village_b.pk}"' not in body


def test_station_narrowed_to_one_village_counts_its_calls_without_ledger_links(client, station_user, calls, month,
                                                                               village_b):
    client.force_login(station_user)
    body = client.get(URL, {"month": month.key, "village": village_b.pk}).content.decode()
    assert re.search(r'data-figure="calls-total">1<', body)  # a plain number: the ledger cannot filter by village
    assert call_type_count(body, "invalid_silent") == 1


def test_a_director_who_is_also_office_staff_gets_figures_without_links_their_lists_would_not_match(
    client, director_a, calls, plan_work, month
):
    """The ledger, the referral list and the task list add the office's own records to the village's: the
    dashboard's figures (the village's only) show as plain numbers for such a user."""
    grant_office_access(user=director_a, office=Office.objects.get(code="fulian"))
    client.force_login(director_a)
    body = client.get(URL, {"month": month.key}).content.decode()
    for name in ("calls-total", "tasks-overdue"):
        assert re.search(rf'data-figure="{name}">\d+<', body), name
    assert f'href="{reverse("cases:referral_list")}?status=' not in body
    assert f'href="{reverse("hotline:ledger")}?' not in body


def test_villages_without_a_director_link_to_the_overview_unless_narrowed(client, leader, village_a, village_b):
    client.force_login(leader)
    assert re.search(r'data-figure="without-director"><a href=', client.get(URL).content.decode())
    narrowed = client.get(URL, {"village": village_b.pk}).content.decode()
    assert re.search(r'data-figure="without-director">\d+<', narrowed)


def test_a_villages_short_weeks_link_to_those_weeks_listed_with_why(client, leader, plan_work, month, village_a,
                                                                     village_b):
    client.force_login(leader)
    body = client.get(URL, {"month": month.key}).content.decode()
    row = re.search(rf'<tr data-compliance-village="{village_a.pk}">(.*?)</tr>', body, re.S).group(1)
    short = cell(body, f'data-compliance-village="{village_a.pk}"', "short_weeks")
    listed = re.findall(rf'<li data-short-week="{village_a.pk}"[^>]*>([^<]*)</li>', body)
    assert len(listed) == short == len(_finished_mondays(month)) > 0  # last month: every finished week short
    assert f'href="#short-weeks-{village_a.pk}"' in row and f'id="short-weeks-{village_a.pk}"' in body
    assert all(text.startswith("甲村 · ") and "天" in text for text in listed)
    assert 'href="#short-weeks-' + str(village_b.pk) not in body  # 乙社区: none short, no link
