"""Village workrooms, child-director profiles and the social forces that help them [三(三), 四(二), 四(三)]."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanpu.drafts import SubmissionKeyField

from .fields import PhoneNumberField


class DirectorProfile(models.Model):
    """What the plan's preference for child directors needs to know about one director [三(三)]."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("儿童主任"), on_delete=models.CASCADE, related_name="director_profile"
    )
    is_women_committee_member = models.BooleanField(_("村(居)委会女性委员"), default=False)
    is_women_federation_chair = models.BooleanField(_("村(社区)妇联主席"), default=False)
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("儿童主任信息")
        verbose_name_plural = _("儿童主任信息")

    def __str__(self):
        return str(self.user)

    @property
    def meets_preference(self) -> bool:
        return self.is_women_committee_member or self.is_women_federation_chair


class SocialForce(models.Model):
    """A volunteer or social organisation (社会力量) that serves some villages."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("志愿者")
        ORGANIZATION = "organization", _("社会组织")
        SOCIAL_WORK = "social_work", _("社工机构")
        ENTERPRISE = "enterprise", _("爱心企业")
        OTHER = "other", _("其他")

    class Service(models.TextChoices):
        GUARDIANSHIP = "guardianship", _("监护指导")
        COUNSELLING = "counselling", _("心理疏导")
        CARE = "care", _("精神关爱")
        FAMILY_EDUCATION = "family_education", _("家庭教育")
        LEGAL = "legal", _("法律援助")
        REHABILITATION = "rehabilitation", _("康复救助")
        TUTORING = "tutoring", _("学业辅导")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.VOLUNTEER)
    services = models.JSONField(_("提供服务"), default=list, blank=True)
    villages_served = models.ManyToManyField(
        "registry.Village", verbose_name=_("服务村(社区)"), blank=True, related_name="social_forces"
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = PhoneNumberField(_("联系电话"), blank=True)
    is_active = models.BooleanField(_("在服务"), default=True)
    notes = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("社会力量")
        verbose_name_plural = _("社会力量")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def service_labels(self) -> list:
        labels = dict(self.Service.choices)
        return [labels.get(code, code) for code in self.services]


class SocialActivity(models.Model):
    """One entry of a social force's activity log."""

    force = models.ForeignKey(
        SocialForce, verbose_name=_("社会力量"), on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("日期"))
    village = models.ForeignKey(
        "registry.Village", verbose_name=_("村(社区)"), null=True, blank=True, on_delete=models.PROTECT
    )
    service = models.CharField(_("服务类型"), max_length=20, choices=SocialForce.Service.choices)
    summary = models.TextField(_("活动内容"))
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, editable=False
    )
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)

    class Meta:
        verbose_name = _("社会力量活动记录")
        verbose_name_plural = _("社会力量活动记录")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.force} {self.date}"

    def clean(self):
        if self.date and self.date > timezone.localdate():  # a log of what was done, as publicity and inspections
            raise ValidationError({"date": _("活动日期不能晚于今天。")})


class Workroom(models.Model):
    """村(社区)未成年人保护工作室, one per village [四(二)]. Its child directors are the village's directors."""

    village = models.OneToOneField(
        "registry.Village", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="workroom"
    )
    cadre_name = models.CharField(_("责任村(社区)干部"), max_length=50)
    cadre_position = models.CharField(_("干部职务"), max_length=50, blank=True)
    contact_phone = PhoneNumberField(_("联系电话"))
    location = models.CharField(_("地点"), max_length=100, blank=True)
    volunteers = models.ManyToManyField(
        SocialForce, verbose_name=_("志愿者"), blank=True, related_name="workrooms",
        limit_choices_to={"kind": SocialForce.Kind.VOLUNTEER},
    )
    notes = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("未成年人保护工作室")
        verbose_name_plural = _("未成年人保护工作室")
        ordering = ["village__order", "village__name"]

    def __str__(self):
        return _("%(village)s未成年人保护工作室") % {"village": self.village}
