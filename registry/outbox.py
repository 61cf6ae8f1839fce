"""Reminder outboxes (visits.VisitReminder, cases.ReferralReminder): a row is recorded when something became due, with
a unique constraint so that it is recorded once; `sent_at` marks it sent. Sending claims unsent rows with a
conditional UPDATE inside the caller's transaction, so that nobody sends twice and a worker that dies before its
commit leaves its rows to the next pass. A concurrent worker skips the rows locked by the first (FOR UPDATE SKIP
LOCKED on PostgreSQL)."""

import uuid
from collections import defaultdict

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import User


class OutboxRow(models.Model):
    """The columns of an outbox row; the subclass adds what it reminds of, its level and unique constraint."""

    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    send_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def claim(unsent: QuerySet, limit: int) -> QuerySet:
    """Mark up to `limit` rows of `unsent` (rows whose `sent_at` is null) as sent by this worker, oldest recorded
    first, and return them (to narrow with select_related/only). Call inside transaction.atomic()."""
    model = unsent.model
    ids = list(unsent.filter(sent_at__isnull=True).order_by("recorded_at", "pk")
               .select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
    if not ids:
        return model.objects.none()
    token = uuid.uuid4()
    model.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=timezone.now(), send_token=token)
    return model.objects.filter(send_token=token).order_by("pk")


def group_members(names: set[str]) -> dict[str, list[User]]:
    """Group name → its active members (a role, a village's directors, an office's staff): one query."""
    members = defaultdict(list)
    links = User.groups.through.objects.filter(group__name__in=names, user__is_active=True)
    for link in links.select_related("user", "group").order_by("user_id"):
        members[link.group.name].append(link.user)
    return members
