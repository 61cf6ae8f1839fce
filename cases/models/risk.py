"""Risk assessment (DESIGN.md §4): indicators and tier thresholds are data the station edits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhanpu.drafts import SubmissionKeyField
from zhanpu.text import labelled

from .children import Child, RiskTier


class RiskIndicator(models.Model):
    """One item of the assessment checklist. An emergency indicator puts the child at 红 whatever the score."""

    class Domain(models.TextChoices):
        GUARDIANSHIP = "guardianship", _("监护")
        SAFETY = "safety", _("家庭安全")
        HEALTH = "health", _("健康")
        PSYCHOLOGY = "psychology", _("心理")
        BEHAVIOUR = "behaviour", _("行为")
        SCHOOLING = "schooling", _("就学")
        ECONOMIC = "economic", _("经济")

    domain = models.CharField(_("评估领域"), max_length=20, choices=Domain.choices)
    text = models.CharField(_("指标"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("分值"), default=1, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    is_emergency = models.BooleanField(_("紧急指标"), default=False, help_text=_("勾选后，命中即评为红色。"))
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # modeltranslation adds text_zh_hans and text_en after the history model is built: the history keeps `text`
    # (the text in the editor's language) and leaves those two out.
    history = HistoricalRecords(excluded_fields=["text_zh_hans", "text_en"])

    class Meta:
        verbose_name = _("风险评估指标")
        verbose_name_plural = _("风险评估指标")
        ordering = ["order", "pk"]

    def __str__(self):
        return labelled(self.get_domain_display(), self.text)


class TierThreshold(models.Model):
    """The lowest score that yields `tier`; the highest tier whose minimum the score reaches wins. `response` is the
    tier's intervention (分级干预措施, DESIGN.md §4), shown with the tier on the child's file."""

    tier = models.CharField(_("风险等级"), max_length=10, choices=RiskTier.choices, unique=True)
    min_score = models.PositiveSmallIntegerField(_("最低分"))
    response = models.CharField(_("应对措施"), max_length=200, blank=True)
    # As RiskIndicator.history: the history keeps `response` in the editor's language, not the two columns
    # modeltranslation adds.
    history = HistoricalRecords(excluded_fields=["response_zh_hans", "response_en"])

    class Meta:
        verbose_name = _("风险等级分数线")
        verbose_name_plural = _("风险等级分数线")
        ordering = ["-min_score"]

    def __str__(self):
        return f"{self.get_tier_display()} ≥ {self.min_score}"


class RiskAssessment(models.Model):
    """One assessment of a child; the latest one gives the child's current tier."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("风险评估")
        MANDATORY_REPORT = "mandatory_report", _("强制报告")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("评估日期"), default=timezone.localdate)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.ASSESSMENT)
    indicators = models.ManyToManyField(RiskIndicator, verbose_name=_("命中指标"), blank=True, related_name="+")
    score = models.PositiveIntegerField(_("得分"), default=0)
    has_emergency = models.BooleanField(_("含紧急指标"), default=False)
    computed_tier = models.CharField(_("计算等级"), max_length=10, choices=RiskTier.choices, blank=True)
    tier = models.CharField(_("评定等级"), max_length=10, choices=RiskTier.choices)
    override_reason = models.TextField(_("调整理由"), blank=True)
    notes = models.TextField(_("评估说明"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = _("风险评估")
        verbose_name_plural = _("风险评估")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return f"{self.child} {self.assessed_on} {self.get_tier_display()}"

    @property
    def is_override(self) -> bool:
        return bool(self.computed_tier) and self.tier != self.computed_tier

    def clean(self):
        # The same dates a home visit could not have had (visits.models.HomeVisit.clean).
        if self.assessed_on is None or self.child_id is None:
            return
        if self.assessed_on < self.child.birth_date:
            raise ValidationError({"assessed_on": _("评估日期不能早于儿童出生日期。")})
        if self.child.registered_on and self.assessed_on < self.child.registered_on:
            raise ValidationError({"assessed_on": _("评估日期不能早于建档日期。")})
