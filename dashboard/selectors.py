"""The dashboard's figures on children, home visits and reassessments: grouped queries, a fixed number of them
whatever the data size. Every function takes a `Scope` (dashboard/scope.py) and counts only its villages."""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Child, ChildCategory, RiskTier
from cases.selectors import reassessment_overdue_q
from visits.models import HomeVisit
from zhanpu.links import list_url

from .scope import Month, Scope

CHILD_LIST = "cases:child_list"
VISIT_LIST = "visits:due"
OPEN = Q(status=Child.Status.OPEN)  # 在册跟进: what the register's status=open filter lists
FOLLOWED_UP = Q(status__in=Child.FOLLOWED_UP)  # whose visits are due: open, or waiting for approval to close


def visit_overdue_q(today: dt.date | None = None) -> Q:
    """As the visits app's due list counts it: a case still visited, past its next due date."""
    return FOLLOWED_UP & Q(next_visit_due__lt=today or timezone.localdate())


def scoped_children(scope: Scope):
    return Child.objects.filter(scope.of_villages())


def _village_param(scope: Scope):
    return scope.village.pk if scope.village else None


ON_TIME = Q(due_on__isnull=True) | Q(visited_on__lte=F("due_on"))  # no due date (a closed case): not late


def visits_done(scope: Scope, month: Month) -> dict[int, dict]:
    """{village pk: {"done": visits made in the village in the month, "on_time": those by the day they were due}
    (one grouped query over the columns of visit_date_idx: each visit keeps its village and due date)."""
    rows = (
        HomeVisit.objects.filter(scope.of_villages(), visited_on__range=(month.first, month.last))
        .order_by().values("village_id")
        .annotate(done=Count("village_id"), on_time=Count("village_id", filter=ON_TIME))
    )
    return {row["village_id"]: row for row in rows}


def village_rows(scope: Scope, month: Month) -> list[dict]:
    """Per village: children by tier, visits due this month / done / on time / overdue now, reassessments overdue."""
    today = timezone.localdate()
    tier_counts = {tier.value: Count("id", filter=OPEN & Q(tier=tier.value)) for tier in RiskTier}
    grouped = (
        scoped_children(scope).order_by().values("village_id").annotate(
            total=Count("id", filter=OPEN),
            unassessed=Count("id", filter=OPEN & Q(tier="")),
            visits_due=Count("id", filter=FOLLOWED_UP & Q(next_visit_due__range=(month.first, month.last))),
            visits_overdue=Count("id", filter=visit_overdue_q(today)),
            reassess_overdue=Count("id", filter=reassessment_overdue_q(today)),
            **tier_counts,
        )
    )
    by_village = {row["village_id"]: row for row in grouped}
    done = visits_done(scope, month)
    rows = []
    for village in scope.villages:
        row = by_village.get(village.pk, {})
        visits = done.get(village.pk, {})
        rows.append({
            "village": village,
            "total": row.get("total", 0),
            "unassessed": row.get("unassessed", 0),
            "tiers": [row.get(tier.value, 0) for tier in RiskTier],
            "visits_due": row.get("visits_due", 0),
            "visits_done": visits.get("done", 0),
            "visits_on_time": visits.get("on_time", 0),
            "visits_overdue": row.get("visits_overdue", 0),
            "reassess_overdue": row.get("reassess_overdue", 0),
            "url": list_url(CHILD_LIST, village=village.pk, status="open"),
            "overdue_url": list_url(VISIT_LIST, village=village.pk, only="overdue"),
            "reassess_url": list_url(CHILD_LIST, village=village.pk, overdue=1),
        })
    return rows


def totals(rows: list[dict]) -> dict:
    keys = ["total", "unassessed", "visits_due", "visits_done", "visits_on_time", "visits_overdue",
            "reassess_overdue"]
    result = {key: sum(row[key] for row in rows) for key in keys}
    result["tiers"] = [sum(row["tiers"][i] for row in rows) for i in range(len(RiskTier))]
    return result


def tier_rows(scope: Scope, total_row: dict) -> list[dict]:
    """Children on the register by risk tier (from the village totals: no extra query)."""
    village = _village_param(scope)
    rows = [
        {"label": tier.label, "value": tier.value, "count": count,
         "url": list_url(CHILD_LIST, village=village, status="open", tier=tier.value)}
        for tier, count in zip(RiskTier, total_row["tiers"], strict=True)
    ]
    rows.append({"label": _("未评估"), "value": "", "count": total_row["unassessed"],
                 "url": list_url(CHILD_LIST, village=village, status="open", tier="none")})
    return rows


def category_rows(scope: Scope) -> list[dict]:
    """Open cases by category (a child may count in several): one grouped query over the child–category links,
    one for the categories. The links of children off the register (closing or closed, a few) are left out by
    their ids (a partial index holds just those) rather than by joining every child; a child has each category
    once, so no DISTINCT is needed."""
    off_register = Child.objects.exclude(OPEN).values("pk")
    counts = dict(
        Child.categories.through.objects.filter(scope.of_villages("child__village_id"))
        .exclude(child_id__in=off_register)
        .order_by().values_list("childcategory_id").annotate(n=Count("child_id"))
    )
    village = _village_param(scope)
    return [
        {"label": category.name, "count": counts.get(category.pk, 0),
         "url": list_url(CHILD_LIST, village=village, status="open", category=category.pk)}
        for category in ChildCategory.objects.all()
    ]
