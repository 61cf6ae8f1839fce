from django import template

from registry.access import roles_of
from registry.roles import Role

from ..selectors import due_counts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def visit_due_counts(context) -> dict[str, int]:
    """{"overdue": n, "soon": n} for the signed-in user's visible open children (home-page card)."""
    user = context["request"].user
    if not roles_of(user) & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR}:
        return {"overdue": 0, "soon": 0}
    return due_counts_for(user)
