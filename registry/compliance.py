"""The family-education rule per ISO week [三(二)3]: open at least 3 days a week, at least 1 day in each
public-holiday period, each opening at least 2 hours. Reads only; a week that falls short says why, in the
reader's language."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import FamilyEducationSession, Holiday

MIN_DAYS_PER_WEEK = 3
MIN_MINUTES_PER_OPENING = 120


@dataclass
class WeekCompliance:
    monday: dt.date
    finished: bool
    opening_days: list = field(default_factory=list)
    reasons: list = field(default_factory=list)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def iso_label(self) -> str:
        year, week, _weekday = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def ok(self) -> bool:
        return self.finished and not self.reasons


@cache
def _wording(language: str | None) -> dict[str, str]:
    """The reasons' wording in `language`, translated once: the dashboard judges hundreds of village-weeks."""
    return {
        "few_days": _("本周开放 %(days)d 天，少于每周 %(min)d 天。"),
        "short": _("%(date)s 的开放只有 %(hours)d 小时 %(minutes)d 分钟，不足 2 小时。"),
        "holiday": _("%(name)s（%(start)s 至 %(end)s）期间没有开放，节假日至少应开放 1 天。"),
    }


def holidays_loaded(year: int, *, source: str | None = None) -> bool:
    """Whether the holiday table has a period lying within `year` (one query); `source`: only rows from it.

    A period running over New Year (e.g. 2023-12-30 to 2024-01-01) counts for neither year, so loading one year
    never makes its neighbour look loaded; every year has periods well inside it (春节, 劳动节, 国庆节).
    """
    periods = Holiday.objects.filter(start_date__gte=dt.date(year, 1, 1), end_date__lte=dt.date(year, 12, 31))
    if source:
        periods = periods.filter(source=source)
    return periods.exists()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def evaluate_week(monday: dt.date, sessions, holidays, *, today: dt.date) -> WeekCompliance:
    """Judge one week from the held `sessions` (of one village) and the holiday periods ending in it.

    `sessions` may include openings outside the week (a holiday period can start in the week before).
    A week is only judged once it is over; a holiday period only once it is over, in the week of its last day.
    """
    sunday = monday + dt.timedelta(days=6)
    result = WeekCompliance(monday=monday, finished=sunday < today)
    in_week = [s for s in sessions if monday <= s.date <= sunday]
    result.opening_days = sorted({s.date for s in in_week})
    if not result.finished:
        return result
    wording = _wording(get_language())
    if len(result.opening_days) < MIN_DAYS_PER_WEEK:
        result.reasons.append(wording["few_days"] % {"days": len(result.opening_days), "min": MIN_DAYS_PER_WEEK})
    for session in sorted(in_week, key=lambda s: (s.date, s.start_time)):
        minutes = session.duration_minutes
        if minutes < MIN_MINUTES_PER_OPENING:
            result.reasons.append(
                wording["short"] % {"date": f"{session.date:%m-%d}", "hours": minutes // 60, "minutes": minutes % 60}
            )
    for holiday in holidays:  # judged once, in the week it ends in (国庆节 from Thursday to Wednesday: one shortfall)
        if not monday <= holiday.end_date <= sunday or holiday.end_date >= today:
            continue
        if not any(holiday.start_date <= s.date <= holiday.end_date for s in sessions):
            result.reasons.append(wording["holiday"] % {
                "name": holiday.name, "start": f"{holiday.start_date:%m-%d}", "end": f"{holiday.end_date:%m-%d}",
            })
    return result


def _held_sessions(village_ids, first: dt.date, last: dt.date):
    """Openings held between `first` and `last` in the villages `village_ids` (None: in every village)."""
    sessions = FamilyEducationSession.objects.filter(held=True, date__gte=first, date__lte=last)
    if village_ids is not None:
        sessions = sessions.filter(village_id__in=village_ids)
    return sessions.only("village_id", "date", "start_time", "end_time")


def weeks_for_village(*, village, weeks: int = 8, today: dt.date | None = None) -> list[WeekCompliance]:
    """The last `weeks` ISO weeks of `village`, newest first (two queries)."""
    today = today or timezone.localdate()
    mondays = [monday_of(today) - dt.timedelta(weeks=n) for n in range(weeks)]
    return list(compliance_by_village(villages=[village], mondays=mondays, today=today)[village.pk])


def compliance_by_village(*, villages, mondays, today: dt.date | None = None, every_village: bool = False) -> dict:
    """{village pk: [WeekCompliance for each monday]} for many villages in two queries. `every_village`: `villages`
    are all the township's (its sessions are read without a list of hundreds of ids, which only slows the query)."""
    today = today or timezone.localdate()
    first, last = min(mondays), max(mondays) + dt.timedelta(days=6)
    holidays = list(Holiday.objects.filter(end_date__gte=first, start_date__lte=last))
    first = min([first] + [h.start_date for h in holidays])
    last = max([last] + [h.end_date for h in holidays])
    ids = [v.pk for v in villages]
    sessions = defaultdict(list)
    for session in _held_sessions(None if every_village else ids, first, last):
        sessions[session.village_id].append(session)
    return {
        pk: [evaluate_week(monday, sessions[pk], holidays, today=today) for monday in mondays] for pk in ids
    }
