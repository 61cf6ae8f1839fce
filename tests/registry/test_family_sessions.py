"""Family-education mutual-aid sessions [三(二)3]: the weekly rule at its edges, and refused input."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from registry.compliance import compliance_by_village, weeks_for_village
from registry.models import FamilyEducationSession, Holiday
from registry.services_work import china_holiday_periods, seed_holidays

from .factories import HolidayFactory, SessionFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 6, 15)  # an ISO week (2026-W25) with no public holiday
LATER = dt.date(2026, 11, 1)


def _open(village, day, start=(14, 0), end=(16, 0), **extra):
    return SessionFactory(village=village, date=day, start_time=dt.time(*start), end_time=dt.time(*end), **extra)


def _week(village, monday, today=LATER):
    return compliance_by_village(villages=[village], mondays=[monday], today=today)[village.pk][0]


def test_three_days_of_exactly_two_hours_meet_the_rule(village_a):
    for offset in (0, 2, 4):
        _open(village_a, MON + dt.timedelta(days=offset), (14, 0), (16, 0))
    week = _week(village_a, MON)
    assert week.ok and week.reasons == []


def test_an_opening_of_one_hour_fifty_nine_fails_and_says_why(village_a):
    _open(village_a, MON, (14, 0), (16, 0))
    _open(village_a, MON + dt.timedelta(days=2), (14, 0), (16, 0))
    _open(village_a, MON + dt.timedelta(days=4), (14, 0), (15, 59))
    week = _week(village_a, MON)
    assert not week.ok
    assert week.reasons == ["06-19 的开放只有 1 小时 59 分钟，不足 2 小时。"]


def test_the_reasons_are_in_the_readers_language(village_a):
    _open(village_a, MON)
    with translation.override("en"):
        assert _week(village_a, MON).reasons == [
            "Open 1 day(s) this week, fewer than the 3 days required each week."
        ]
    assert _week(village_a, MON).reasons == ["本周开放 1 天，少于每周 3 天。"]


def test_two_days_is_too_few(village_a):
    _open(village_a, MON)
    _open(village_a, MON, (18, 0), (20, 0), place="另一地点")
    _open(village_a, MON + dt.timedelta(days=1))
    week = _week(village_a, MON)
    assert week.opening_days == [MON, MON + dt.timedelta(days=1)]
    assert week.reasons == ["本周开放 2 天，少于每周 3 天。"]


def test_three_days_in_a_week_across_a_month_boundary(village_a):
    monday = dt.date(2026, 6, 29)  # 2026-W27: Mon 06-29 … Sun 07-05
    for day in (dt.date(2026, 6, 29), dt.date(2026, 6, 30), dt.date(2026, 7, 2)):
        _open(village_a, day)
    week = _week(village_a, monday)
    assert week.iso_label == "2026-W27" and week.ok


def test_planned_openings_do_not_count(village_a):
    for offset in (0, 2):
        _open(village_a, MON + dt.timedelta(days=offset))
    _open(village_a, MON + dt.timedelta(days=4), held=False)
    assert _week(village_a, MON).reasons == ["本周开放 2 天，少于每周 3 天。"]


def _national_day_weeks(village, openings):
    """国庆节 (Thu 10-01 to Wed 10-07) spans 2026-W40 and W41: the two weeks' reasons, with `openings` held."""
    HolidayFactory(name="国庆节", start_date=dt.date(2026, 10, 1), end_date=dt.date(2026, 10, 7))
    for day in openings:
        _open(village, day)
    weeks = compliance_by_village(villages=[village], mondays=[dt.date(2026, 9, 28), dt.date(2026, 10, 5)],
                                  today=LATER)[village.pk]
    return [week.reasons for week in weeks]


def test_a_holiday_period_with_no_opening_is_one_shortfall_in_the_week_it_ends(village_a):
    # three openings in each week, none between 10-01 and 10-07
    w40, w41 = _national_day_weeks(village_a, [dt.date(2026, 9, d) for d in (28, 29, 30)]
                                   + [dt.date(2026, 10, d) for d in (8, 9, 10)])
    assert w40 == []
    assert w41 == ["国庆节（10-01 至 10-07）期间没有开放，节假日至少应开放 1 天。"]


def test_one_opening_anywhere_in_the_holiday_period_satisfies_it(village_a):
    w40, w41 = _national_day_weeks(village_a, [dt.date(2026, 9, d) for d in (28, 29, 30)]
                                   + [dt.date(2026, 10, d) for d in (2, 8, 9, 10)])  # 10-02: W40, in the holiday
    assert w40 == [] and w41 == []


def test_unfinished_week_and_unfinished_holiday_are_not_judged_yet(village_a):
    HolidayFactory(name="国庆节", start_date=dt.date(2026, 10, 1), end_date=dt.date(2026, 10, 7))
    week = _week(village_a, dt.date(2026, 9, 28), today=dt.date(2026, 10, 2))
    assert not week.finished and week.reasons == [] and not week.ok
    finished_week = _week(village_a, dt.date(2026, 9, 21), today=dt.date(2026, 10, 2))
    assert finished_week.finished and finished_week.reasons == ["本周开放 0 天，少于每周 3 天。"]


def test_weeks_for_village_lists_recent_weeks_newest_first(village_a):
    weeks = weeks_for_village(village=village_a, weeks=3, today=dt.date(2026, 6, 24))
    assert [w.monday for w in weeks] == [dt.date(2026, 6, 22), dt.date(2026, 6, 15), dt.date(2026, 6, 8)]


def test_china_holiday_periods_of_2026_include_national_day_and_spring_festival():
    periods = {name: (start, end) for name, _name_en, start, end in china_holiday_periods(2026)}
    assert periods["国庆节"] == (dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    assert periods["春节"] == (dt.date(2026, 2, 15), dt.date(2026, 2, 23))
    assert "休息日" not in periods


def test_seeding_holidays_is_idempotent_and_keeps_manual_rows():
    HolidayFactory(name="镇自定节日", start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 1))
    first = seed_holidays(year=2026)
    seed_holidays(year=2026)
    assert Holiday.objects.filter(source=Holiday.Source.PACKAGE).count() == first >= 7
    assert Holiday.objects.filter(name="镇自定节日").exists()


def test_load_zhanpu_seeds_this_years_holidays(org):
    assert Holiday.objects.filter(start_date__year=timezone.localdate().year).exists()


# --- the form through HTTP ------------------------------------------------------------------------------------

def _post(client, village, **overrides):
    data = {
        "village": village.pk, "date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "start_time": "14:00", "end_time": "16:00", "place": "村委会会议室", "host": "张老师", "attendance": "6",
        "held": "on", "topic": "", "notes": "",
    }
    data.update(overrides)
    return client.post(reverse("registry:session_new"), {k: v for k, v in data.items() if v is not None})


def test_director_records_a_held_session(client, director_a, village_a):
    client.force_login(director_a)
    response = _post(client, village_a)
    assert response.status_code == 302
    session = FamilyEducationSession.objects.get()
    assert session.village == village_a and session.recorded_by == director_a and session.held


@pytest.mark.parametrize("overrides,message", [
    ({"end_time": "13:00"}, "结束时间必须晚于开始时间。"),
    ({"end_time": "14:00"}, "结束时间必须晚于开始时间。"),
    ({"start_time": "00:00", "end_time": "00:00"}, "结束时间必须晚于开始时间。"),  # 00:00 ends at midnight only later
    ({"attendance": "-1"}, "参加人数不能为负数。"),
    ({"date": (timezone.localdate() + dt.timedelta(days=2)).isoformat()}, "这次开放还没有开始，不能标记为已开放。"),
])
def test_bad_session_input_is_refused_with_the_input_kept(client, director_a, village_a, overrides, message):
    client.force_login(director_a)
    response = _post(client, village_a, host="保留的主持人", **overrides)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "保留的主持人" in body
    assert not FamilyEducationSession.objects.exists()


def test_a_future_session_may_be_planned_if_not_marked_held(client, director_a, village_a):
    client.force_login(director_a)
    response = _post(client, village_a, date=(timezone.localdate() + dt.timedelta(days=2)).isoformat(), held=None)
    assert response.status_code == 302 and not FamilyEducationSession.objects.get().held


def test_overlapping_openings_at_the_same_place_are_refused(client, director_a, village_a):
    day = timezone.localdate() - dt.timedelta(days=1)
    _open(village_a, day, (14, 0), (16, 0), place="村委会会议室")
    client.force_login(director_a)
    response = _post(client, village_a, date=day.isoformat(), start_time="15:30", end_time="17:30")
    assert "同一地点 14:00–16:00 已有一次开放，时间不能重叠。" in response.content.decode()
    assert FamilyEducationSession.objects.count() == 1
    back_to_back = _post(client, village_a, date=day.isoformat(), start_time="16:00", end_time="18:00")
    assert back_to_back.status_code == 302


def test_an_opening_ending_at_midnight_is_recorded_with_00_00_as_its_end_and_lasts_two_hours(
    client, director_a, village_a
):
    client.force_login(director_a)
    assert "开放到午夜结束的，结束时间填 00:00。" in client.get(reverse("registry:session_new")).content.decode()
    response = _post(client, village_a, start_time="22:00", end_time="00:00")
    assert response.status_code == 302
    session = FamilyEducationSession.objects.get()
    assert (session.start_time, session.end_time) == (dt.time(22), dt.time(0))
    assert session.duration_minutes == 120


def test_an_opening_ending_at_midnight_counts_two_hours_toward_the_weekly_rule(village_a):
    _open(village_a, MON, (14, 0), (16, 0))
    _open(village_a, MON + dt.timedelta(days=2), (14, 0), (16, 0))
    _open(village_a, MON + dt.timedelta(days=4), (22, 0), (0, 0))
    week = _week(village_a, MON)
    assert week.ok and week.reasons == []


def test_openings_overlapping_one_ending_at_midnight_are_refused(client, director_a, village_a):
    day = timezone.localdate() - dt.timedelta(days=1)
    _open(village_a, day, (22, 0), (0, 0), place="村委会会议室")
    client.force_login(director_a)
    response = _post(client, village_a, date=day.isoformat(), start_time="23:00", end_time="23:30")
    assert "同一地点 22:00–00:00 已有一次开放，时间不能重叠。" in response.content.decode()
    assert FamilyEducationSession.objects.count() == 1
    back_to_back = _post(client, village_a, date=day.isoformat(), start_time="20:00", end_time="22:00")
    assert back_to_back.status_code == 302


def test_an_opening_ending_at_midnight_is_refused_over_a_later_one(client, director_a, village_a):
    day = timezone.localdate() - dt.timedelta(days=1)
    _open(village_a, day, (23, 0), (23, 30), place="村委会会议室")
    client.force_login(director_a)
    response = _post(client, village_a, date=day.isoformat(), start_time="22:00", end_time="00:00")
    assert "同一地点 23:00–23:30 已有一次开放，时间不能重叠。" in response.content.decode()
    assert FamilyEducationSession.objects.count() == 1


def test_stale_edit_is_refused_and_keeps_the_input(client, director_a, village_a):
    session = _open(village_a, timezone.localdate() - dt.timedelta(days=1))
    client.force_login(director_a)
    form_version = session.version
    FamilyEducationSession.objects.filter(pk=session.pk).update(version=form_version + 1)  # someone else saved
    response = client.post(reverse("registry:session_edit", args=[session.pk]), {
        "village": village_a.pk, "date": session.date.isoformat(), "start_time": "14:00", "end_time": "16:00",
        "place": "村委会会议室", "host": "我的修改", "attendance": "7", "held": "on", "seen_version": form_version,
    })
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and "我的修改" in body
    session.refresh_from_db()
    assert session.host == "主持人"


def test_workroom_page_shows_the_weekly_result(client, director_a, village_a):
    client.force_login(director_a)
    body = client.get(reverse("registry:workroom", args=[village_a.pk])).content.decode()
    assert "本周开放 0 天，少于每周 3 天。" in body


def test_station_edits_holidays_and_end_before_start_is_refused(client, station_user):
    client.force_login(station_user)
    response = client.post(reverse("registry:holiday_new"), {"name_zh_hans": "测试节", "start_date": "2026-05-03",
                                                             "end_date": "2026-05-01"})
    assert "结束日期不能早于开始日期。" in response.content.decode()
    response = client.post(reverse("registry:holiday_new"), {"name_zh_hans": "测试节", "start_date": "2026-05-01",
                                                             "end_date": "2026-05-03"})
    assert response.status_code == 302 and Holiday.objects.filter(name="测试节").exists()


def _edit_holiday(client, holiday, seen_version, **overrides):
    """Post the edit page of `holiday` as opened when it was at `seen_version`."""
    data = {"name_zh_hans": holiday.name, "name_en": holiday.name_en, "start_date": holiday.start_date.isoformat(),
            "end_date": holiday.end_date.isoformat(), "seen_version": seen_version}
    data.update(overrides)
    return client.post(reverse("registry:holiday_edit", args=[holiday.pk]), data)


def test_a_stale_holiday_edit_is_refused_and_keeps_the_input_and_the_newer_save(client, station_user):
    holiday = HolidayFactory(name="测试节", name_en="Test Day", start_date=dt.date(2026, 6, 1),
                             end_date=dt.date(2026, 6, 3))
    opened_at = holiday.version  # two station staff open the edit page
    client.force_login(station_user)
    assert _edit_holiday(client, holiday, opened_at, end_date="2026-06-04").status_code == 302

    response = _edit_holiday(client, holiday, opened_at, name_zh_hans="测试节假期")

    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and "测试节假期" in body
    holiday.refresh_from_db()
    assert holiday.name == "测试节" and holiday.end_date == dt.date(2026, 6, 4)


def test_a_holiday_edit_from_the_latest_version_is_saved(client, station_user):
    holiday = HolidayFactory(name="测试节", start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 3))
    client.force_login(station_user)
    assert _edit_holiday(client, holiday, holiday.version, end_date="2026-06-04").status_code == 302
    holiday.refresh_from_db()

    response = _edit_holiday(client, holiday, holiday.version, name_zh_hans="测试节假期")

    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.name, holiday.end_date, holiday.version) == ("测试节假期", dt.date(2026, 6, 4), 3)


def test_the_holiday_edit_page_carries_the_version_it_shows(client, station_user):
    holiday = HolidayFactory(name="测试节", start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 3))
    Holiday.objects.filter(pk=holiday.pk).update(version=4)
    client.force_login(station_user)
    body = client.get(reverse("registry:holiday_edit", args=[holiday.pk])).content
    assert b'name="seen_version" value="4"' in body
