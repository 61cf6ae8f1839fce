"""Public places where minors gather (未成年人集中活动公共场所) and their safety inspections [三(二)2]."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanpu.drafts import SubmissionKeyField


class Facility(models.Model):
    class Kind(models.TextChoices):
        CHILDREN_HOME = "children_home", _("儿童之家")
        WOMEN_HOME = "women_home", _("妇女之家")
        LIBRARY = "library", _("图书室")
        ACTIVITY_ROOM = "activity_room", _("活动室")
        SPORTS = "sports", _("运动场所")
        OTHER = "other", _("其他")

    village = models.ForeignKey(
        "registry.Village", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="facilities"
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.CHILDREN_HOME)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    manager = models.CharField(_("管理人"), max_length=50, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    notes = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("未成年人集中活动场所")
        verbose_name_plural = _("未成年人集中活动场所")
        ordering = ["village__order", "village__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"], name="unique_facility_per_village",
                violation_error_message=_("本村(社区)已有同名场所。"),
            )
        ]

    def __str__(self):
        return f"{self.village} · {self.name}"


class FacilityInspection(models.Model):
    facility = models.ForeignKey(
        Facility, verbose_name=_("场所"), on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.CharField(_("检查人"), max_length=50)
    equipment_maintained = models.BooleanField(_("设施设备已维护"), default=True)
    safety_sign_present = models.BooleanField(_("设有安全警示标志"), default=True)
    no_smoking_sign_present = models.BooleanField(_("显著位置设有禁止吸烟标志"), default=True)
    problems = models.TextField(_("发现的问题"), blank=True)
    fixed_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)

    class Meta:
        verbose_name = _("场所安全检查")
        verbose_name_plural = _("场所安全检查")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["facility", "-inspected_on"], name="inspection_latest_idx")]

    def __str__(self):
        return f"{self.facility} {self.inspected_on}"

    @property
    def found_problem(self) -> bool:
        return not (self.equipment_maintained and self.safety_sign_present and self.no_smoking_sign_present)

    @property
    def sign_missing(self) -> bool:
        return not (self.safety_sign_present and self.no_smoking_sign_present)

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.inspected_on and self.inspected_on > today:
            errors["inspected_on"] = _("检查日期不能晚于今天。")
        if self.found_problem and not self.problems.strip():
            errors["problems"] = _("设施未维护或缺少标志时，请填写发现的问题。")
        if self.fixed_on:
            if not self.found_problem and not self.problems.strip():
                errors["fixed_on"] = _("本次检查未发现问题，无需填写整改完成日期。")
            elif self.inspected_on and self.fixed_on < self.inspected_on:
                errors["fixed_on"] = _("整改完成日期不能早于检查日期。")
            elif self.fixed_on > today:
                errors["fixed_on"] = _("整改完成日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)
