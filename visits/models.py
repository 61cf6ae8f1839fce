from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import RiskTier

DEFAULT_MAX_DAYS = {RiskTier.RED: 7, RiskTier.ORANGE: 14, RiskTier.YELLOW: 30, RiskTier.GREEN: 90}


class VisitPolicy(models.Model):
    """Tier → maximum days between home visits (DESIGN.md §4); the station edits it."""

    tier = models.CharField(_("风险等级"), max_length=10, choices=RiskTier.choices, unique=True)
    max_days = models.PositiveSmallIntegerField(_("最长家访间隔（天）"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("家访频率")
        verbose_name_plural = _("家访频率")
        ordering = ["max_days"]

    def __str__(self):
        return f"{self.get_tier_display()}: {self.max_days}"
