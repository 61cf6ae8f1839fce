from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Child, RiskTier
from registry.models import Village
from registry.models_outbox import OutboxRow
from zhanpu.drafts import SubmissionKeyField

DEFAULT_MAX_DAYS = {RiskTier.RED: 7, RiskTier.ORANGE: 14, RiskTier.YELLOW: 30, RiskTier.GREEN: 90}
PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "heic"]


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


class HomeVisit(models.Model):
    """家访记录: one home visit to one child [三(二)1, 四(一)]."""

    class Kind(models.TextChoices):
        HOME = "home", _("入户走访")
        FOLLOW_UP = "follow_up", _("跟踪回访")
        SCREENING = "screening", _("排查摸底")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="visits")
    # Where the visit was made: the child's village on filing, kept if the child moves later (a village's monthly
    # figures count the visits its director made). Set on save.
    village = models.ForeignKey(
        Village, verbose_name=_("走访村(社区)"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    visited_on = models.DateField(_("走访日期"), default=timezone.localdate)
    due_on = models.DateField(
        _("应访日期"), null=True, blank=True, editable=False,
        help_text=_("按走访时的风险等级与家访频率，本次走访最迟应在此日完成；走访日期不晚于此日即为按时。"),
    )
    kind = models.CharField(_("走访类型"), max_length=20, choices=Kind.choices, default=Kind.HOME)
    visitors = models.CharField(_("走访人员"), max_length=200)
    present = models.CharField(_("在场人员"), max_length=200, blank=True, help_text=_("如：儿童本人、祖母"))
    safety = models.TextField(_("人身安全情况"), blank=True)
    health = models.TextField(_("身体健康情况"), blank=True)
    schooling = models.TextField(_("就学情况"), blank=True)
    mood = models.TextField(_("心理情绪状况"), blank=True)
    guardian_performance = models.TextField(_("监护人履职情况"), blank=True)
    problems = models.TextField(_("发现的问题"), blank=True)
    actions = models.TextField(_("采取的措施"), blank=True)
    next_steps = models.TextField(_("下一步工作"), blank=True)
    risk_changed = models.BooleanField(
        _("风险状况有变化"), default=False, help_text=_("勾选后，该儿童将列入需要重新评估的名单。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # blank: an account deleted since leaves none, and the visit can still be corrected
    recorded_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0, editable=False)  # lost-update guard for corrections
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = _("家访记录")
        verbose_name_plural = _("家访记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["child", "-visited_on"], name="visit_child_date_idx"),
            # covering: the dashboard counts a month's visits per village from the index alone (PostgreSQL)
            models.Index(fields=["visited_on"], include=["village", "due_on"], name="visit_date_idx"),
        ]

    def __str__(self):
        return f"{self.visited_on} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.village_id is None:
            self.village_id = self.child.village_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.visited_on is None or self.child_id is None:
            return
        if self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": _("走访日期不能晚于今天。")})
        if self.visited_on < self.child.birth_date:
            raise ValidationError({"visited_on": _("走访日期不能早于儿童出生日期。")})
        if self.child.registered_on and self.visited_on < self.child.registered_on:
            raise ValidationError({"visited_on": _("走访日期不能早于建档日期。")})


class VisitPhoto(models.Model):
    """A photo taken on a home visit (现场照片); a visit has up to VISIT_PHOTOS_MAX. Media files are not public: a
    photo is served only through visits:photo, to those who may see the child."""

    visit = models.ForeignKey(HomeVisit, verbose_name=_("家访记录"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("照片"), upload_to="visits/%Y/%m/", validators=[FileExtensionValidator(PHOTO_EXTENSIONS)]
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    history = HistoricalRecords()  # a photo removed by a correction stays named there until the retention deletes it

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["pk"]

    def __str__(self):
        return self.image.name


class VisitReminder(OutboxRow):
    """One reminder per child, due date and level. A row is the outbox entry "became overdue"; `sent_at` marks it
    sent. The unique constraint makes a second reminder for the same due date and level impossible."""

    class Level(models.IntegerChoices):
        DIRECTOR = 1, _("儿童主任（到期）")
        STATION = 2, _("工作站（逾期升级）")
        LEADERSHIP = 3, _("领导小组（逾期升级）")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="visit_reminders")
    due_date = models.DateField(_("家访截止日期"))
    level = models.PositiveSmallIntegerField(_("提醒级别"), choices=Level.choices)

    class Meta:
        verbose_name = _("家访提醒")
        verbose_name_plural = _("家访提醒")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "due_date", "level"], name="unique_visit_reminder"),
        ]
        indexes = [
            models.Index(fields=["recorded_at"], condition=models.Q(sent_at__isnull=True), name="reminder_unsent_idx"),
            models.Index(fields=["send_token"], name="reminder_token_idx"),
        ]

    def __str__(self):
        return f"{self.child_id} {self.due_date} L{self.level}"
