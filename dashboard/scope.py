"""Whose figures a dashboard shows: the villages a user may see, and the month it reports on."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from registry.access import is_township_wide, roles_of, villages_visible_to
from registry.models import Village
from registry.roles import Role


@dataclass(frozen=True)
class Scope:
    """The villages a dashboard covers. `township` is True only for the whole township (leadership/station),
    which also covers records tied to no village (calls with no child, office tasks)."""

    user: object
    villages: tuple[Village, ...]
    township: bool
    village: Village | None = None  # set when narrowed to one village
    choices: tuple[Village, ...] = ()  # every village the user may see (to pick one)

    @property
    def narrowed(self) -> bool:
        """One village of several chosen: lists that cannot filter by village would show more than the figures."""
        return bool(self.village and len(self.choices) > 1)

    @property
    def lists_match(self) -> bool:
        """Whether the hotline ledger, the referral list and the task list, which cannot filter by village, list
        exactly this scope's records: not when narrowed, nor for a director who is also an office's staff (those
        lists add the office's own) or a hotline operator (the ledger lists every call). Figures they would not
        match are shown without a link."""
        if self.township:
            return True
        return not self.narrowed and not roles_of(self.user) & {Role.OFFICE, Role.HOTLINE}

    @property
    def village_ids(self) -> list[int]:
        return [village.pk for village in self.villages]

    def of_villages(self, path: str = "village_id") -> Q:
        """Rows whose `path` (a village id) lies in the scope: no condition for the whole township, whose scope is
        every village (a list of hundreds of ids would only slow the query down)."""
        return Q() if self.township else Q(**{f"{path}__in": self.village_ids})


def scope_for(user, village_id=None) -> Scope:
    """The user's scope, optionally narrowed to one of their visible villages (404 for any other)."""
    villages = tuple(villages_visible_to(user).order_by("order", "name"))
    if village_id in (None, ""):
        return Scope(user=user, villages=villages, township=is_township_wide(user), choices=villages)
    chosen = [village for village in villages if str(village.pk) == str(village_id)]
    if not chosen:
        raise Http404
    return Scope(user=user, villages=(chosen[0],), township=False, village=chosen[0], choices=villages)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def following(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the portal's time zone: months are compared as time ranges, so that a
    timestamp column is not converted to a local date row by row."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def current_month() -> Month:
    today = timezone.localdate()
    return Month(today.year, today.month)


def parse_month(value) -> Month:
    """'2026-11' → Month; anything else (or a month after this one) → this month."""
    try:
        year, month = (int(part) for part in str(value).split("-"))
        chosen = Month(year, month)
        chosen.first  # noqa: B018 - validates the month number
    except (TypeError, ValueError):
        return current_month()
    return chosen if chosen.first <= current_month().first and year >= 2000 else current_month()
