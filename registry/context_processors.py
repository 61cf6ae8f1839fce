from .access import roles_of
from .roles import Role


def portal(request):
    """What the navigation shows: the signed-in user's roles."""
    roles = roles_of(request.user)
    return {
        "portal_roles": {role.value for role in roles},
        "nav": {
            "children": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR}),
            "visits": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR}),
            "hotline": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.HOTLINE, Role.DIRECTOR, Role.OFFICE}),
            "referrals": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.OFFICE}),
            "organisation": bool(roles & {Role.LEADERSHIP, Role.STATION, Role.DIRECTOR, Role.OFFICE}),
            "admin": request.user.is_authenticated and request.user.is_staff,
        },
    }
