"""Changes to what an account may do, made in the Django admin: never silent.

The IT administrator (管理员) manages accounts but reads no child's file; an account given the station's role, or a
village's, reads them. So every change of an account's roles, villages, offices, admin flags or permissions, and of
a village's or office's object permissions, is written to the access log and told to the leadership group, naming
who made it (registry/admin.py calls these). Nobody changes their own account's access (AccountAccessForm).
"""

from django.utils.translation import gettext as _

from audit.models import AccessLog
from audit.services import log_access
from zhanpu.links import list_url

from .models import Office, User, Village
from .roles import Role
from .services import notify

FLAGS = ("is_active", "is_superuser", "is_staff")  # an account switched off, or on again, changes what it reads


def access_of(user: User) -> set[str]:
    """The account's access as names: its groups (roles, "village:<code>", "office:<code>"), its admin flags and
    its own model permissions."""
    names = set(user.groups.values_list("name", flat=True))
    names |= {flag for flag in FLAGS if getattr(user, flag)}
    names |= {f"perm:{codename}" for codename in user.user_permissions.values_list("codename", flat=True)}
    return names


def describe(name: str) -> str:
    """A name of access_of (or "<codename> · <object>") as the leadership reads it, in the active language."""
    kind, _sep, code = name.partition(":")
    if name in Role.values:
        return str(Role(name).label)
    if kind == "village":
        village = Village.objects.filter(code=code).first()
        return _("儿童主任 · %(village)s") % {"village": village or code}
    if kind == "office":
        office = Office.objects.filter(code=code).first()
        return _("部门 · %(office)s") % {"office": office or code}
    if kind == "perm":
        return _("权限 %(codename)s") % {"codename": code}
    return {"is_active": _("账号启用"), "is_superuser": _("超级用户"), "is_staff": _("可登录管理后台")}.get(name, name)


def report_access_change(request, *, subject, added: set[str], removed: set[str], object_type: str = "user") -> None:
    """Log and tell the leadership group (but the one who made it) that `request.user` changed `subject`'s access
    (an account, or a group, whose members all gain or lose it). Nothing when nothing changed."""
    if not added and not removed:
        return
    by = request.user
    changes = " ".join([*(f"+{name}" for name in sorted(added)), *(f"-{name}" for name in sorted(removed))])
    log_access(request, action=AccessLog.Action.ACCOUNT, object_type=object_type, ids=[subject.pk], detail=changes)

    def compose():
        lines = [_("%(by)s（%(account)s）修改了 %(subject)s 的权限。") % {
            "by": by, "account": by.get_username(), "subject": subject}]
        if added:
            lines.append(_("增加：%(names)s") % {"names": "；".join(describe(name) for name in sorted(added))})
        if removed:
            lines.append(_("移除：%(names)s") % {"names": "；".join(describe(name) for name in sorted(removed))})
        return _("账号权限变更：%(subject)s") % {"subject": subject}, "\n".join(lines)

    leaders = User.objects.filter(groups__name=Role.LEADERSHIP.value).exclude(pk=by.pk).distinct()
    url = list_url("audit:access_log", action=AccessLog.Action.ACCOUNT, object_type=object_type, object_id=subject.pk)
    notify(recipients=leaders, compose=compose, url=url)
