"""Writes for home visits: the schedule of each child."""

from datetime import date, timedelta

from django.utils import timezone

from cases.models import Child, RiskTier

from .selectors import max_days_by_tier

NEW_OR_RED_DUE_DAYS = 1  # a child newly registered or moved to 红 is due within 1 day


def next_visit_due(child: Child, *, today: date | None = None, moved_to_red: bool = False) -> date | None:
    """When `child` must next be visited; None for a closed case."""
    if child.status == Child.Status.CLOSED:
        return None
    today = today or timezone.localdate()
    urgent = today + timedelta(days=NEW_OR_RED_DUE_DAYS)
    if child.last_visit_on is None:
        return urgent
    due = child.last_visit_on + timedelta(days=max_days_by_tier()[child.tier or RiskTier.GREEN])
    return min(due, urgent) if moved_to_red else due


def replan_child(child: Child, *, moved_to_red: bool = False) -> None:
    """Store the child's next due date; call after a visit, a tier change, registration, closing or reopening."""
    child.next_visit_due = next_visit_due(child, moved_to_red=moved_to_red)
    Child.objects.filter(pk=child.pk).update(next_visit_due=child.next_visit_due)
