from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .fields import PhoneNumberField
from .roles import Role


class Village(models.Model):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")

    name = models.CharField(_("名称"), max_length=50, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    code = models.SlugField(_("代码"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("村(社区)")
        verbose_name_plural = _("村(社区)")
        ordering = ["order", "name"]
        # lets PostgreSQL walk villages in order and stop after a page of children (the register's sort)
        indexes = [models.Index(fields=["order", "name"], name="village_order_idx")]

    def __str__(self):
        return self.name


class Office(models.Model):
    """One of the nine township offices with duties under the plan [三(四)]."""

    POLICE = "police"  # 派出所: every mandatory report is referred to it (cases.services.reports)

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    duties = models.TextField(_("工作职责"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("镇级部门")
        verbose_name_plural = _("镇级部门")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    real_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = PhoneNumberField(_("联系电话"), blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    # The language last chosen in the portal ("" until then: the browser's); used again on signing in anywhere,
    # and for the e-mails the portal sends.
    language = models.CharField(_("界面语言"), max_length=10, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.real_name or self.username

    def has_role(self, role: Role) -> bool:
        return self.is_active and role in self.roles

    @property
    def roles(self) -> frozenset:
        if not hasattr(self, "_roles_cache"):
            names = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self._roles_cache = frozenset(Role(value) for value in Role.values if value in names)
        return self._roles_cache


class LeadershipMember(models.Model):
    """A seat in the leadership group [三(一)1]; a collective seat stands for every village's holder."""

    class Position(models.TextChoices):
        HEAD = "head", _("站长")
        DEPUTY = "deputy", _("副站长")
        MEMBER = "member", _("成员")
        OFFICE_DIRECTOR = "office_director", _("办公室主任")

    name = models.CharField(_("姓名"), max_length=100)  # a collective seat: a description
    position = models.CharField(_("职务"), max_length=20, choices=Position.choices)
    title = models.CharField(_("本职"), max_length=100, blank=True)
    office = models.ForeignKey(Office, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT)
    user = models.OneToOneField(User, verbose_name=_("账号"), null=True, blank=True, on_delete=models.SET_NULL)
    is_collective = models.BooleanField(_("集体席位"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["name", "position"], name="unique_leadership_seat")]

    def __str__(self):
        return f"{self.get_position_display()} {self.name}"


HOTLINE_CACHE_KEY = "registry:hotline_display"


class Station(models.Model):
    """未成年人保护工作站 [三(一)2]; the township has one."""

    hotline_validator = RegexValidator(r"^\d{11,12}$", _("热线号码应为 11–12 位数字。"))

    name = models.CharField(_("名称"), max_length=100)
    location = models.CharField(_("地点"), max_length=100)
    office = models.ForeignKey(Office, verbose_name=_("办公室设在"), on_delete=models.PROTECT)
    hotline = models.CharField(_("热线电话"), max_length=12, validators=[hotline_validator])
    duties = models.TextField(_("工作职责"), blank=True)
    rules = models.TextField(_("工作制度"), blank=True)

    class Meta:
        verbose_name = _("未成年人保护工作站")
        verbose_name_plural = _("未成年人保护工作站")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(HOTLINE_CACHE_KEY)  # every page shows the number (registry.selectors.hotline_display)

    @property
    def hotline_display(self) -> str:
        """02370630963 → 023-70630963."""
        return f"{self.hotline[:3]}-{self.hotline[3:]}" if len(self.hotline) == 11 else self.hotline


# django-guardian direct foreign-key permission tables (faster than the generic ones).
class VillageUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Village, on_delete=models.CASCADE)


class VillageGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Village, on_delete=models.CASCADE)


class OfficeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Office, on_delete=models.CASCADE)


class OfficeGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Office, on_delete=models.CASCADE)


class Notification(models.Model):
    """An in-portal message to one user (reminders, referrals, escalations); e-mailed too when it is created.
    Its title and body are kept in every language of the portal (registry.translation, registry.services.notify)."""

    recipient = models.ForeignKey(
        User, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


# The organisation at work, one module per domain (issue 6); imported here so Django registers the models.
from .models_facilities import Facility, FacilityInspection  # noqa: E402
from .models_sessions import FamilyEducationSession, Holiday  # noqa: E402
from .models_tasks import Publicity, Task, TaskNote, TaskReminder  # noqa: E402
from .models_workrooms import DirectorProfile, SocialActivity, SocialForce, Workroom  # noqa: E402

__all__ = [
    "DirectorProfile", "Facility", "FacilityInspection", "FamilyEducationSession", "Holiday", "LeadershipMember",
    "Notification", "Office", "Publicity", "SocialActivity", "SocialForce", "Station", "Task", "TaskNote",
    "TaskReminder", "User", "Village", "Workroom",
]
