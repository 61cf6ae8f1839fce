from django.utils.functional import lazy

from .access import roles_of
from .roles import Role
from .selectors import hotline_display


def portal(request):
    """What the navigation shows: the signed-in user's roles; and the hotline number (read only by a page that shows
    it)."""
    roles = roles_of(request.user)
    unread = request.user.notifications.filter(read_at__isnull=True).count() if roles else 0
    return {
        "hotline_number": lazy(hotline_display, str)(),
        "unread_notifications": unread,
        "portal_roles": {role.value for role in roles},
        "nav": {
            "children": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR}),
            "visits": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR}),
            "hotline": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.HOTLINE, Role.DIRECTOR, Role.OFFICE}),
            "referrals": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.OFFICE, Role.DIRECTOR}),
            "organisation": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR, Role.OFFICE}),
            "admin": request.user.is_authenticated and request.user.is_staff,
        },
    }
