"""The columns every reminder outbox shares (home visits, referrals, call-backs, reassessments, tasks): the rows
registry/outbox.py records and sends."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxRow(models.Model):
    """The columns of an outbox row; the subclass adds what it reminds of, its level and unique constraint."""

    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    send_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
