"""Plan compliance (落实情况) for the dashboard, from the registry's own rules and selectors: villages without a
child director, facilities flagged by their inspections, family-education weeks short of the rule, overdue tasks.
A fixed number of queries whatever the data size."""

import datetime as dt
from collections import Counter

from django.utils import timezone

from registry.compliance import compliance_by_village, holidays_loaded
from registry.models import Facility, Task
from registry.selectors import (
    director_counts,
    facilities_with_last_inspection,
    flag_reasons,
    flagged_facility_q,
    tasks_visible_to,
)
from zhanpu.links import list_url

from .scope import Month, Scope


def mondays_of(month: Month) -> list[dt.date]:
    """The Mondays of `month`: each ISO week is counted in the month it starts in."""
    day = month.first + dt.timedelta(days=(7 - month.first.weekday()) % 7)
    mondays = []
    while day <= month.last:
        mondays.append(day)
        day += dt.timedelta(weeks=1)
    return mondays


def flagged_facilities(scope: Scope) -> list[Facility]:
    facilities = facilities_with_last_inspection(
        Facility.objects.filter(scope.of_villages(), is_active=True)
    ).filter(flagged_facility_q())
    facilities = list(facilities)
    for facility in facilities:
        facility.flags = flag_reasons(facility)
    return facilities


def overdue_tasks(scope: Scope) -> list[Task]:
    tasks = tasks_visible_to(scope.user).exclude(status=Task.Status.DONE).filter(due_on__lt=timezone.localdate())
    if not scope.township:
        tasks = tasks.filter(village_id__in=scope.village_ids)
    return list(tasks.order_by("due_on", "pk"))


def compliance_figures(scope: Scope, month: Month) -> dict:
    directors = director_counts(None if scope.township else scope.village_ids)
    facilities = flagged_facilities(scope)
    weeks = compliance_by_village(villages=scope.villages, mondays=mondays_of(month), every_village=scope.township)
    tasks = overdue_tasks(scope)
    facilities_per_village = Counter(facility.village_id for facility in facilities)
    tasks_per_village = Counter(task.village_id for task in tasks)
    rows = []
    short_weeks = []
    for village in scope.villages:
        short = [week for week in weeks.get(village.pk, []) if week.finished and week.reasons]
        short_weeks += [(village, week) for week in short]
        rows.append({
            "village": village,
            "directors": directors.get(village.pk, 0),
            "facilities": facilities_per_village[village.pk],
            "facilities_url": list_url("registry:facilities", village=village.pk, flagged=1),
            "short_weeks": len(short),
            "weeks_judged": sum(week.finished for week in weeks.get(village.pk, [])),
            "short_weeks_url": f"#short-weeks-{village.pk}" if short else "",  # its weeks, listed below the table
            "tasks": tasks_per_village[village.pk],
        })
    village = scope.village.pk if scope.village else None
    return {
        # The holiday rule judges nothing in a year without holidays in the table: say so rather than pass silently.
        "holidays_missing_year": None if holidays_loaded(month.first.year) else month.first.year,
        "rows": rows,
        "without_director": [row["village"] for row in rows if not row["directors"]],
        "without_director_url": "" if scope.narrowed else list_url("registry:work_overview"),
        "facilities": facilities,
        "facilities_url": list_url("registry:facilities", village=village, flagged=1),
        "short_weeks": short_weeks,
        "tasks": tasks,
        "tasks_url": list_url("registry:tasks", overdue=1) if scope.lists_match else "",
    }
