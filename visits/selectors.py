"""Reads for home visits."""

from .models import DEFAULT_MAX_DAYS, VisitPolicy


def max_days_by_tier() -> dict[str, int]:
    """Tier value → maximum days between visits, from the station's policy with the plan's defaults."""
    days = {str(tier): value for tier, value in DEFAULT_MAX_DAYS.items()}
    days.update(VisitPolicy.objects.values_list("tier", "max_days"))
    return days


def timeline_events(child) -> list[dict]:
    """This child's visits as timeline events: dicts with when, kind, title, detail, url (see cases.selectors)."""
    return []
