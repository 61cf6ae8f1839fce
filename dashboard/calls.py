"""Hotline figures for the dashboard: calls of the month by type and category, the last twelve months, and the
response to each urgency against its deadline (hotline.services.follow_up_due). Grouped queries only."""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from hotline.models import HotlineCall, IssueCategory
from hotline.selectors import calls_visible_to
from zhanpu.links import list_url

from .scope import Month, Scope, day_start

LEDGER = "hotline:ledger"


def scoped_calls(scope: Scope):
    """Calls the user may see (the hotline's chokepoint); outside the whole township, those linked to a child of
    the scope's villages."""
    calls = calls_visible_to(scope.user)
    if not scope.township:
        calls = calls.filter(child__village_id__in=scope.village_ids)
    return calls


def calls_in(scope: Scope, month: Month):
    return scoped_calls(scope).filter(
        received_at__gte=day_start(month.first), received_at__lt=day_start(month.following().first)
    )


def _link(scope: Scope, month: Month, **params) -> str:
    """The ledger filtered to the month; none when its list would not match the figure (Scope.lists_match)."""
    if not scope.lists_match:
        return ""
    return list_url(LEDGER, received_from=month.first.isoformat(), received_to=month.last.isoformat(), **params)


def call_figures(scope: Scope, month: Month) -> dict:
    calls = calls_in(scope, month)
    by_type = dict(calls.order_by().values_list("call_type").annotate(n=Count("pk")))
    types = [
        {"label": label, "value": value, "count": by_type.get(value, 0), "url": _link(scope, month, call_type=value)}
        for value, label in HotlineCall.CallType.choices
    ]
    categories = [
        {"label": category.name, "count": category.n, "url": _link(scope, month, category=category.pk)}
        for category in IssueCategory.objects.annotate(
            n=Count("calls", filter=Q(calls__in=calls.values("pk")), distinct=True)
        )
    ]
    return {
        "total": sum(row["count"] for row in types),
        "url": _link(scope, month),
        "types": types,
        "categories": categories,
        "months": monthly_totals(scope, month),
        "response": response_rows(scope, month, calls),
    }


def monthly_totals(scope: Scope, month: Month, count: int = 12) -> list[dict]:
    """Calls per month for the `count` months ending with `month` (one query)."""
    months = [month]
    while len(months) < count:
        months.insert(0, months[0].previous())
    grouped = (
        scoped_calls(scope)
        .filter(received_at__gte=day_start(months[0].first), received_at__lt=day_start(month.following().first))
        .annotate(m=TruncMonth("received_at")).order_by().values("m").annotate(n=Count("pk"))
    )
    counts = {(row["m"].year, row["m"].month): row["n"] for row in grouped}
    return [{"label": m.key, "count": counts.get((m.year, m.month), 0), "url": _link(scope, m)} for m in months]


def response_rows(scope: Scope, month: Month, calls) -> list[dict]:
    """Per urgency, the month's calls answered (called back or closed) by the deadline, late, and still unanswered
    past or within it (one query). Invalid calls carry no urgency and are left out."""
    now = timezone.now()
    answered = Coalesce("callback_at", "closed_at")
    grouped = {
        row["urgency"]: row
        for row in calls.exclude(urgency="").annotate(answered_at=answered).order_by().values("urgency").annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(answered_at__lte=F("follow_up_due"))),
            late=Count("pk", filter=Q(answered_at__gt=F("follow_up_due"))),
            overdue=Count("pk", filter=Q(answered_at__isnull=True, follow_up_due__lt=now)),
            waiting=Count("pk", filter=Q(answered_at__isnull=True, follow_up_due__gte=now)),
        )
    }
    rows = []
    for value, label in HotlineCall.Urgency.choices:
        row = grouped.get(value, {})
        rows.append({
            "label": label,
            "value": value,
            **{key: row.get(key, 0) for key in ("total", "on_time", "late", "overdue", "waiting")},
            "url": _link(scope, month, urgency=value),
            "overdue_url": _link(scope, month, urgency=value, status="overdue"),
        })
    return rows

