"""Reminder outboxes (home visits, referrals, call-backs, reassessments, tasks; their rows' columns in
registry/models_outbox.py): a row is recorded when something became due, with a unique constraint so that it is
recorded once; `sent_at` marks it sent. Sending claims unsent rows with a conditional UPDATE inside the sending
transaction, so that nobody sends twice and a worker that dies before its commit leaves its rows to the next pass. A
concurrent worker skips the rows locked by the first (FOR UPDATE SKIP LOCKED on PostgreSQL). E-mails go out after the
commit (registry.services.notify)."""

import uuid
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Office, User, Village
from .models_outbox import OutboxRow
from .roles import Role
from .selectors import directors_by_village, staff_by_office, station_users
from .services import notify

SEND_BATCH = 500


def record(model, rows: list[OutboxRow]) -> int:
    """Insert outbox rows of `model`; a row already recorded is skipped (the unique constraint). Returns how many
    were offered."""
    model.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def claim(rows: QuerySet, limit: int) -> QuerySet:
    """Mark up to `limit` unsent rows of `rows` as sent by this worker, oldest recorded first, and return them (as
    `rows` reads them: its select_related and only). Call inside transaction.atomic()."""
    model = rows.model
    ids = list(rows.filter(sent_at__isnull=True).order_by("recorded_at", "pk")
               .select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
    if not ids:
        return model.objects.none()
    token = uuid.uuid4()
    model.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=timezone.now(), send_token=token)
    return rows.filter(send_token=token).order_by("pk")


def group_members(names: set[str]) -> dict[str, list[User]]:
    """Group name → the active users it reaches: "village:<code>" the village's child directors, "office:<code>" the
    office's staff, as the pages find them (registry.selectors: a member of the village's group who lost the
    director role is not one, someone given the village alone is); any other name, a role's members."""
    roles, codes = set(), defaultdict(set)
    for name in names:
        prefix, colon, code = name.partition(":")
        if colon:
            codes[prefix].add(code)
        else:
            roles.add(name)
    members = defaultdict(list)
    for prefix, model, people_of in (("village", Village, directors_by_village), ("office", Office, staff_by_office)):
        if codes[prefix]:
            code_of = dict(model.objects.filter(code__in=codes[prefix]).values_list("pk", "code"))
            for pk, people in people_of(list(code_of)).items():
                members[f"{prefix}:{code_of[pk]}"] = people
    links = User.groups.through.objects.filter(group__name__in=roles, user__is_active=True)
    for link in links.select_related("user", "group").order_by("user_id"):
        members[link.group.name].append(link.user)
    return members


def send_unsent(
    rows: QuerySet, *, key: Callable, group_name: Callable, compose: Callable, link: Callable,
    still_due: Callable = lambda row: True, batch: int = SEND_BATCH,
) -> int:
    """Claim the unsent rows of `rows` batch by batch, one transaction each, and send them. A row no longer due
    (`still_due(row)` false: the thing was handled since) is deleted unsent. The others are grouped by `key(row)`;
    each group goes as one notification to the members of the group `group_name(key)`, titled and worded by
    `compose(key, rows)` (called in each reader's language) and linking `link(key, rows)`; to the station instead,
    saying so, when that group reaches nobody (a village without a director, an office without staff, as the pages
    find them: registry.selectors): a reminder read by nobody would leave the child unvisited. Returns how many rows
    were sent."""
    sent = 0
    while True:
        with transaction.atomic():
            claimed = list(claim(rows, batch))
            if not claimed:
                return sent
            groups, handled = defaultdict(list), []
            for row in claimed:
                if still_due(row):
                    groups[key(row)].append(row)
                else:
                    handled.append(row.pk)
            rows.model.objects.filter(pk__in=handled).delete()
            members = group_members({group_name(group_key) for group_key in groups} | {Role.STATION.value})
            for group_key, group in groups.items():
                recipients = members.get(group_name(group_key), [])
                if recipients:
                    text = partial(compose, group_key, group)
                else:  # nobody who may act on it: the station (or, without one, the leadership), told why
                    recipients = members.get(Role.STATION.value) or list(station_users())
                    text = partial(for_station, partial(compose, group_key, group))
                notify(recipients=recipients, compose=text, url=link(group_key, group))
        sent += len(claimed) - len(handled)


def for_station(compose: Callable[[], tuple]) -> tuple:
    """A notification meant for people without an active account (a village without a director, an office without
    staff) as the station receives it instead, told why; `compose()` as notify() takes it, in the language notify()
    is composing in."""
    title, body = compose()
    why = _("（应接收本提醒的人员暂无可用账号，已转工作站处理。）")  # outside an f-string, where makemessages finds it
    return title, f"{body}\n{why}"


def notify_or_station(*, recipients, compose: Callable[[], tuple], url: str = "", by: User | None = None) -> None:
    """notify() `recipients` (the people a village's or an office's work reaches), or the station, told why, when
    there is none; `by`, who made the change being told of, is never told of it."""
    people = list(recipients)
    if not people:
        people, compose = list(station_users()), partial(for_station, compose)
    notify(recipients=[user for user in people if user != by], compose=compose, url=url)
