"""The access chokepoint: which villages and offices a user may see or change.

Every view, export, admin page and API asks these functions (and the selectors built on them, such as
`cases.selectors.children_visible_to`). Rules (DESIGN.md §1):
- leadership and station: every village;
- child director: the villages on which one of their groups holds the django-guardian permission;
- office staff: the offices on which one of their groups holds `view_office`; no village at all;
- hotline operator, admin, anyone inactive: no village.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from guardian.shortcuts import get_objects_for_user

from .models import Office, User, Village
from .roles import TOWNSHIP_WIDE, Role


def roles_of(user) -> frozenset:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return user.roles


def is_township_wide(user) -> bool:
    return bool(roles_of(user) & TOWNSHIP_WIDE)


def is_station(user) -> bool:
    return Role.STATION in roles_of(user)


def _guarded(user, perm: str, klass):
    return get_objects_for_user(user, perm, klass=klass, accept_global_perms=False, with_superuser=False)


def villages_visible_to(user):
    if is_township_wide(user):
        return Village.objects.all()
    if Role.DIRECTOR in roles_of(user):
        return _guarded(user, "registry.view_village", Village)
    return Village.objects.none()


def village_ids_visible_to(user) -> list[int]:
    """`villages_visible_to` read into a list of ids, to filter the large tables (children, calls, referrals) with:
    PostgreSQL cannot estimate django-guardian's permission subquery (it guessed 3 villages in 4 for a director
    of one) and then scanned every child of the county; a list of ids it estimates from its statistics."""
    return list(villages_visible_to(user).values_list("pk", flat=True))


def villages_changeable_by(user):
    if is_station(user):
        return Village.objects.all()
    if Role.DIRECTOR in roles_of(user):
        return _guarded(user, "registry.change_village", Village)
    return Village.objects.none()


def can_change_village(user, village_id) -> bool:
    """Whether `user` may change the records of village `village_id` (the station: every village, no query)."""
    return is_station(user) or villages_changeable_by(user).filter(pk=village_id).exists()


def can_change_some_village(user) -> bool:
    """Whether `user` may change the records of at least one village, e.g. register a child there."""
    return is_station(user) or villages_changeable_by(user).exists()


def offices_of(user):
    """Offices whose referrals and tasks this user handles."""
    if Role.OFFICE in roles_of(user):
        return _guarded(user, "registry.view_office", Office)
    return Office.objects.none()


def can_see_full_identifiers(user) -> bool:
    """Only the station sees ID and phone numbers unmasked (and still through a logged 'show' action). Guardians'
    phones also the child directors of the child's village (cases.selectors.can_reveal_guardian_phone); callers'
    numbers also the hotline operators (hotline.selectors.can_reveal_caller_phone)."""
    return is_station(user)


def require_roles(*roles: Role):
    """View decorator: 403 unless the signed-in user holds one of `roles` (use after login_required)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not roles_of(request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


__all__ = [
    "User", "can_see_full_identifiers", "is_station", "is_township_wide", "offices_of", "require_roles",
    "roles_of", "villages_changeable_by", "villages_visible_to",
]
