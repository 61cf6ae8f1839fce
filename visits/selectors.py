"""Reads for home visits, always scoped through the access chokepoint (cases.selectors / registry.access)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from cases.models import Child
from cases.selectors import children_visible_to
from registry.access import villages_visible_to
from zhanpu.fingerprints import fingerprint
from zhanpu.links import object_url

from .models import DEFAULT_MAX_DAYS, HomeVisit, VisitPolicy

OVERDUE, DUE_SOON, LATER = 0, 1, 2


def max_days_by_tier() -> dict[str, int]:
    """Tier value → maximum days between visits, from the station's policy with the plan's defaults."""
    days = {str(tier): value for tier, value in DEFAULT_MAX_DAYS.items()}
    days.update(VisitPolicy.objects.values_list("tier", "max_days"))
    return days


def policy_fingerprint() -> str:
    """The visit frequencies as a page shows them (zhanpu.fingerprints)."""
    return fingerprint(sorted(max_days_by_tier().items()))


def due_soon_limit(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=settings.VISIT_DUE_SOON_DAYS)


def due_children_for(user, *, village=None, director=None, only: str = "", today: date | None = None):
    """Open children `user` may see with their due date, overdue first, then due soon, then later.

    Each row carries `due_bucket` (OVERDUE, DUE_SOON, LATER) and only what a row of the due list shows (no
    identifiers to decrypt). `director` narrows to the children a child director is responsible for; `only` to
    "overdue" or "soon"."""
    today = today or timezone.localdate()
    soon = due_soon_limit(today)
    children = children_visible_to(user).filter(status__in=Child.FOLLOWED_UP, next_visit_due__isnull=False)
    if village is not None:
        children = children.filter(village=village)
    if director is not None:
        children = children.filter(responsible_director=director)
    if only == "overdue":
        children = children.filter(next_visit_due__lt=today)
    elif only == "soon":
        children = children.filter(next_visit_due__gte=today, next_visit_due__lte=soon)
    return (
        children.select_related("village", "responsible_director")
        .only("name", "tier", "status", "birth_date", "village__name", "next_visit_due", "last_visit_on",
              "responsible_director__real_name", "responsible_director__username", "responsible_director__is_active")
        .annotate(due_bucket=Case(
            When(next_visit_due__lt=today, then=Value(OVERDUE)),
            When(next_visit_due__lte=soon, then=Value(DUE_SOON)),
            default=Value(LATER), output_field=IntegerField(),
        ))
        .order_by("next_visit_due", "village__order", "name", "pk")
    )


def due_counts_for(user, *, today: date | None = None) -> dict[str, int]:
    """{"overdue": n, "soon": n, "mine": n, "mine_overdue": n} over the open children `user` may see ("mine": those
    `user` is the responsible director of): one query."""
    today = today or timezone.localdate()
    overdue, mine = Q(next_visit_due__lt=today), Q(responsible_director=user)
    return children_visible_to(user).filter(status__in=Child.FOLLOWED_UP).aggregate(
        overdue=Count("pk", filter=overdue),
        soon=Count("pk", filter=Q(next_visit_due__gte=today, next_visit_due__lte=due_soon_limit(today))),
        mine=Count("pk", filter=mine), mine_overdue=Count("pk", filter=mine & overdue),
    )


def village_due_summary(user, *, today: date | None = None):
    """Villages `user` may see, each with open/overdue/due-soon counts of its open children: one query."""
    today = today or timezone.localdate()
    open_children, followed_up = Q(children__status=Child.Status.OPEN), Q(children__status__in=Child.FOLLOWED_UP)
    return villages_visible_to(user).annotate(
        open_count=Count("children", filter=open_children),
        overdue_count=Count("children", filter=followed_up & Q(children__next_visit_due__lt=today)),
        soon_count=Count("children", filter=followed_up & Q(
            children__next_visit_due__gte=today, children__next_visit_due__lte=due_soon_limit(today))),
    ).order_by("order", "name")


def visits_visible_to(user):
    """Home visits of the children `user` may see."""
    return HomeVisit.objects.filter(child__in=children_visible_to(user))


def visit_ledger_for(user, *, village=None, start: date | None = None, end: date | None = None):
    """The visit ledger (入户走访记录台账) rows `user` may see, by the village each visit was made in (a child who
    has moved since keeps their earlier visits in the old village's ledger), oldest first."""
    visits = visits_visible_to(user).select_related("village", "child", "recorded_by")
    if village is not None:
        visits = visits.filter(village=village)
    if start:
        visits = visits.filter(visited_on__gte=start)
    if end:
        visits = visits.filter(visited_on__lte=end)
    return visits.order_by("village__order", "village__name", "visited_on", "pk")


def timeline_events(child) -> list[dict]:
    """This child's visits as timeline events: dicts with when, kind, title, detail, url (see cases.selectors)."""
    events = []
    kinds = {value: str(label) for value, label in HomeVisit.Kind.choices}  # not get_kind_display() per visit
    risk_changed = HomeVisit._meta.get_field("risk_changed").verbose_name
    visits = child.visits.values_list("pk", "visited_on", "kind", "problems", "risk_changed")
    for pk, visited_on, kind, problems, changed in visits:
        detail = problems[:120]
        if changed:
            detail = f"{risk_changed}。{detail}"
        events.append({
            "when": visited_on,
            "kind": "visit",
            "title": kinds.get(kind, kind),
            "detail": detail,
            "url": object_url("visits:detail", pk),
        })
    return events
