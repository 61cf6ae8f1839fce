"""Writes to the organisation: role membership and object permissions."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.text import Truncator
from guardian.shortcuts import assign_perm
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from .models import Notification, Office, User, Village
from .roles import Role

# Groups the portal names and reads by name: the role groups (User.roles), and each village's directors and each
# office's staff (village_group, office_group; reminders and referrals are sent to them by name). Only the portal
# creates them; the group admin neither renames nor deletes them, nor lets a new group take such a name
# (registry/admin.py GroupAdmin).
RESERVED_GROUP_PREFIXES = ("village:", "office:")


def is_reserved_group_name(name: str) -> bool:
    """Whether `name` is, or would pass for, one of the portal's own groups (compared ignoring case and spaces)."""
    name = name.strip().casefold()
    return name in {role.casefold() for role in Role.values} or name.startswith(RESERVED_GROUP_PREFIXES)


def role_group(role: Role) -> Group:
    group, _ = Group.objects.get_or_create(name=role.value)
    return group


def village_group(village: Village) -> Group:
    """The group whose members work for `village` (its child directors); holds view/change on it."""
    group, created = Group.objects.get_or_create(name=f"village:{village.code}")
    if created:
        assign_perm("registry.view_village", group, village)
        assign_perm("registry.change_village", group, village)
    return group


def office_group(office: Office) -> Group:
    group, created = Group.objects.get_or_create(name=f"office:{office.code}")
    if created:
        assign_perm("registry.view_office", group, office)
    return group


@transaction.atomic
def add_role(*, user: User, role: Role) -> None:
    user.groups.add(role_group(role))
    user.__dict__.pop("_roles_cache", None)


@transaction.atomic
def grant_village_access(*, user: User, village: Village) -> None:
    """Make `user` a child director of `village`."""
    add_role(user=user, role=Role.DIRECTOR)
    user.groups.add(village_group(village))


@transaction.atomic
def revoke_village_access(*, user: User, village: Village) -> None:
    user.groups.remove(village_group(village))


@transaction.atomic
def grant_office_access(*, user: User, office: Office) -> None:
    """Make `user` staff of `office`: sees that office's referrals and tasks."""
    add_role(user=user, role=Role.OFFICE)
    user.groups.add(office_group(office))
    if user.office_id is None:
        user.office = office
        user.save(update_fields=["office"])


# Model permissions each role needs for the Django admin (object access is decided in registry.access).
# The reference lists (registry/admin_reference.py) and the risk checklist, whose English texts only the admin edits.
REFERENCE_LISTS = ["cases.childcategory", "hotline.issuecategory", "cases.riskindicator"]
ADMIN_MODEL_PERMS = {
    Role.ADMIN: ["registry.user", "auth.group", "registry.village", "registry.office", "registry.station",
                 "registry.leadershipmember", "django_celery_beat.periodictask",
                 "django_celery_beat.intervalschedule", "django_celery_beat.crontabschedule", *REFERENCE_LISTS],
    Role.LEADERSHIP: ["registry.village", "registry.office", "registry.station", "registry.leadershipmember",
                      "django_celery_beat.periodictask", "django_celery_beat.intervalschedule",
                      "django_celery_beat.crontabschedule", *REFERENCE_LISTS],
}
# ...and the models a role only reads there: the reminder outboxes (registry/admin_readonly.py).
ADMIN_VIEW_PERMS = {
    Role.LEADERSHIP: ["visits.visitreminder", "cases.referralreminder", "cases.reassessmentreminder",
                      "hotline.callreminder", "registry.taskreminder"],
}


@transaction.atomic
def ensure_role_groups() -> None:
    """Create the role groups and give them the admin model permissions of ADMIN_MODEL_PERMS and the view
    permissions of ADMIN_VIEW_PERMS. Idempotent."""
    from django.contrib.auth.models import Permission

    for role in Role:
        group = role_group(role)
        perms = []
        for label in ADMIN_MODEL_PERMS.get(role, []):
            app_label, model = label.split(".")
            perms += Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        for label in ADMIN_VIEW_PERMS.get(role, []):
            app_label, model = label.split(".")
            perms += Permission.objects.filter(content_type__app_label=app_label, codename=f"view_{model}")
        group.permissions.add(*perms)


TITLE_MAX = Notification._meta.get_field("title").max_length


def notify(*, recipients, compose: Callable[[], tuple[object, object]], url: str = "") -> list:
    """Create one in-portal notification per recipient and e-mail them after the transaction commits.

    `compose()` returns the (title, body) pair in the active language (strings, lazy translations or objects whose
    str() is the text, such as an Office). It is called once in each language of the portal, so that every reader
    sees the notification in the language they read the portal in, whichever language the sender used; each e-mail
    is in its recipient's language (User.language, else LANGUAGE_CODE).
    Bodies must not carry ID or phone numbers: e-mail leaves the portal.
    """
    texts = {}
    for language in mt_settings.AVAILABLE_LANGUAGES:
        with translation.override(language):
            title, body = (str(text) for text in compose())
        # A title quoting a long name (a task's title) is cut to fit, never refused at the database.
        texts[build_localized_fieldname("title", language)] = Truncator(title).chars(TITLE_MAX)
        texts[build_localized_fieldname("body", language)] = body
    recipients = [user for user in recipients if user.is_active]
    notes = Notification.objects.bulk_create([Notification(recipient=user, url=url, **texts) for user in recipients])

    link = f"{settings.PORTAL_URL}{url}" if url.startswith("/") else url  # a link that works from a mailbox

    def mail(user):
        language = user.language or settings.LANGUAGE_CODE
        title, body = (texts[build_localized_fieldname(field, language)] for field in ("title", "body"))
        return title, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email]

    mails = [mail(user) for user in recipients if user.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return notes


def withdraw_links(*, recipients, url: str) -> None:
    """Take the link `url` off the notifications `recipients` got: the work it leads to moved away from them (a
    referral re-routed, a call handed to someone else) and its page would answer 404. The notifications stay listed;
    opened, they mark themselves read and lead back to the list (registry.views.notification_open)."""
    Notification.objects.filter(recipient__in=recipients, url=url).update(url="")
