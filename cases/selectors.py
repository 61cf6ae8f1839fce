"""Reads of children, always through the access chokepoint in registry.access."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from registry.access import villages_changeable_by, villages_visible_to

from .models import Child


def children_visible_to(user):
    """Children whose full file `user` may read: those of the villages the user may see."""
    return Child.objects.filter(village__in=villages_visible_to(user))


def get_child_for_user(user, pk, *, perm: str = "view") -> Child:
    """The child `pk`, or 404 if the user may not see it, or 403 if they may see but not change it."""
    try:
        child = children_visible_to(user).select_related("village").get(pk=pk)
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm == "change" and not villages_changeable_by(user).filter(pk=child.village_id).exists():
        raise PermissionDenied
    return child
