from django import template

from ..selectors import open_intakes, overdue_calls

register = template.Library()


@register.simple_tag
def overdue_call_count(user) -> int:
    """Calls visible to `user` past their follow-up time without a callback (home card of the station)."""
    return overdue_calls(user).count()


@register.simple_tag
def open_intake_count() -> int:
    """Intakes waiting for the station's decision (the card is shown to the station only)."""
    return open_intakes().count()
