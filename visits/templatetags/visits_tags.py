from django import template

from registry.access import roles_of
from registry.roles import Role

from ..selectors import due_counts_for

register = template.Library()


@register.simple_tag(takes_context=True)
def visit_due_counts(context) -> dict[str, int]:
    """visits.selectors.due_counts_for the signed-in user (home-page card)."""
    user = context["request"].user
    if not roles_of(user) & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR}:
        return {"overdue": 0, "soon": 0, "mine": 0, "mine_overdue": 0}
    return due_counts_for(user)
