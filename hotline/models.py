"""The hotline call ledger (热线记录台账) of 023-70630963 [三(一)3]."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.children import ADULT_AGE
from registry.fields import EncryptedPhoneNumberField
from registry.models import Office, Village
from registry.models_outbox import OutboxRow
from registry.validators import normalize_phone
from zhanpu.crypto import keyed_hash
from zhanpu.drafts import SubmissionKeyField

# A call logged a moment ago on a clock a little ahead of the server is not "in the future".
CLOCK_SLACK = timedelta(minutes=2)
EARLIEST_YEAR = 2000  # no call before it (a typo such as 0024 for 2024; a BC time would break the ledger)


class IssueCategory(models.Model):
    """问题类别 of a call (暴力伤害, 忽视/监护缺失 …); seeded by a data migration, renamed and reordered in the
    admin by the leadership group and the admin (registry/admin_reference.py)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_harm = models.BooleanField(
        _("涉及侵害"), default=False, help_text=_("此类来电可能需要强制报告。")
    )

    class Meta:
        verbose_name = _("来电问题类别")
        verbose_name_plural = _("来电问题类别")
        ordering = ["order"]

    def __str__(self):
        return self.name


def caller_phone_hash(phone: str) -> str:
    """The keyed hash that finds the calls from one number without decrypting them ("" for no number): of its digits
    alone, so that a landline typed 023-70630963 one day and 02370630963 the next is one number."""
    digits = re.sub(r"\D", "", normalize_phone(phone))
    return keyed_hash(digits) if digits else ""


class HotlineCall(models.Model):
    class CallerRelation(models.TextChoices):
        SELF = "self", _("本人")
        PARENT = "parent", _("家长")
        RELATIVE = "relative", _("亲属")
        NEIGHBOUR = "neighbour", _("邻居")
        TEACHER = "teacher", _("教师")
        VILLAGE_CADRE = "cadre", _("村干部")
        ANONYMOUS = "anonymous", _("匿名")
        OTHER = "other", _("其他")

    class CallType(models.TextChoices):
        HELP = "help", _("求助")
        REPORT = "report", _("举报/线索")
        CONSULT = "consult", _("咨询政策法律")
        COUNSEL = "counsel", _("心理疏导")
        COMPLAINT = "complaint", _("投诉建议")
        INVALID_SILENT = "invalid_silent", _("无效来电：沉默")
        INVALID_HANGUP = "invalid_hangup", _("无效来电：挂断")
        INVALID_HARASS = "invalid_harass", _("无效来电：骚扰")
        INVALID_WRONG = "invalid_wrong", _("无效来电：打错")

    class Urgency(models.TextChoices):
        URGENT = "urgent", _("紧急（当日）")
        PRESSING = "pressing", _("较急（72 小时）")
        NORMAL = "normal", _("一般（一周）")

    class Action(models.TextChoices):
        ANSWERED = "answered", _("当场解答")
        REFERRED = "referred", _("转介部门")
        HOME_VISIT = "home_visit", _("派员入户")
        POLICE = "police", _("报警")
        MANDATORY_REPORT = "mandatory_report", _("强制报告")

    class Status(models.TextChoices):
        OPEN = "open", _("待回访")
        CALLED_BACK = "called_back", _("已回访")
        CLOSED = "closed", _("已办结")

    received_at = models.DateTimeField(_("来电时间"), default=timezone.now, db_index=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接线人"), on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(_("通话时长（分钟）"), null=True, blank=True)
    caller_relation = models.CharField(_("来电人身份"), max_length=20, choices=CallerRelation.choices, blank=True)
    caller_phone = EncryptedPhoneNumberField(_("来电号码"), blank=True, help_text=_("来电人可匿名，号码可不填。"))
    caller_phone_hash = models.CharField(max_length=64, blank=True, editable=False)  # the calls from one number
    call_type = models.CharField(_("来电类型"), max_length=20, choices=CallType.choices, db_index=True)
    categories = models.ManyToManyField(
        IssueCategory, verbose_name=_("问题类别"), blank=True, related_name="calls"
    )
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, blank=True)
    summary = models.TextField(_("来电内容摘要"), blank=True)
    action = models.CharField(_("处理方式"), max_length=20, choices=Action.choices, blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("转介部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="hotline_calls",
    )
    child = models.ForeignKey(
        "cases.Child", verbose_name=_("关联儿童"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="hotline_calls",
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    follow_up_due = models.DateTimeField(_("跟进期限"), null=True, blank=True)
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    callback_result = models.TextField(_("回访结果"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.TextField(_("办理结果"), blank=True)
    mandatory_report_filed_at = models.DateTimeField(_("强制报告时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    # m2m_fields: each history row also keeps the call's categories then (audit.selectors shows what changed)
    history = HistoricalRecords(excluded_fields=["caller_phone", "caller_phone_hash", "version", "submission_key"],
                                m2m_fields=[categories])

    class Meta:
        verbose_name = _("热线来电")
        verbose_name_plural = _("热线来电")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["follow_up_due"], condition=models.Q(status="open"), name="call_open_due_idx"),
            models.Index(fields=["caller_phone_hash", "-received_at"], condition=~models.Q(caller_phone_hash=""),
                         name="call_caller_idx"),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.received_at):%Y-%m-%d %H:%M} {self.get_call_type_display()}"

    def save(self, *args, **kwargs):
        # A derived column only (as Child.id_number_hash); the rules live in hotline/services.py.
        self.caller_phone_hash = caller_phone_hash(self.caller_phone)
        super().save(*args, **kwargs)

    @property
    def is_invalid(self) -> bool:
        return self.call_type.startswith("invalid_")

    @property
    def reports_harm_confidentially(self) -> bool:
        """The caller made (or was recorded as making) a mandatory report: who they are is the station's to know."""
        return bool(self.mandatory_report_filed_at) or self.action == self.Action.MANDATORY_REPORT

    @property
    def is_overdue(self) -> bool:
        due = self.follow_up_due
        return self.status == self.Status.OPEN and due is not None and due < timezone.now()

    def clean(self):
        errors = {}
        now = timezone.now()
        self.caller_phone = normalize_phone(self.caller_phone)
        if self.received_at and self.received_at > now + CLOCK_SLACK:
            errors["received_at"] = _("来电时间不能晚于现在。")
        elif self.received_at and self.received_at < timezone.make_aware(datetime(EARLIEST_YEAR, 1, 1)):
            errors["received_at"] = _("来电时间不合理：不能早于 %(year)s 年。") % {"year": EARLIEST_YEAR}  # 0024?
        if not self.is_invalid:
            for field, message in (
                ("caller_relation", _("请选择来电人身份（可选“匿名”）。")),
                ("urgency", _("请选择紧急程度。")),
                ("summary", _("请填写来电内容摘要。")),
            ):
                if not getattr(self, field):
                    errors[field] = message
        if self.action == self.Action.REFERRED and not self.office_id:
            errors["office"] = _("处理方式为“转介部门”时，请选择转介部门。")
        if self.callback_at:
            if self.received_at and self.callback_at < self.received_at:
                errors["callback_at"] = _("回访时间不能早于来电时间。")
            elif self.callback_at > now + CLOCK_SLACK:
                errors["callback_at"] = _("回访时间不能晚于现在。")
            if not self.callback_result.strip():
                errors["callback_result"] = _("请填写回访结果。")
        if self.status == self.Status.CLOSED and not self.outcome.strip():
            errors["outcome"] = _("办结时请填写办理结果。")
        if errors:
            raise ValidationError(errors)


class CallIntake(models.Model):
    """A child named on a call who is not on file yet: the station turns it into a child's file or dismisses it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        REGISTERED = "registered", _("已建档")
        DISMISSED = "dismissed", _("不予建档")

    call = models.OneToOneField(HotlineCall, verbose_name=_("来电"), on_delete=models.CASCADE, related_name="intake")
    name = models.CharField(_("儿童姓名"), max_length=50)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    village = models.ForeignKey(
        Village, verbose_name=_("所属村(社区)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.TextField(_("情况说明"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    dismiss_reason = models.TextField(_("不予建档理由"), blank=True)
    child = models.ForeignKey(
        "cases.Child", verbose_name=_("所建档案"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("来电建档申请")
        verbose_name_plural = _("来电建档申请")
        ordering = ["-opened_at"]

    def __str__(self):
        return self.name

    def clean(self):
        this_year = timezone.localdate().year
        if self.birth_year and not this_year - ADULT_AGE <= self.birth_year <= this_year:  # a minor, give or take
            raise ValidationError({"birth_year": _("出生年份不合理：未成年人应生于 %(first)s 年至今年之间。") % {
                "first": this_year - ADULT_AGE}})
        if self.status == self.Status.DISMISSED and not self.dismiss_reason.strip():
            raise ValidationError({"dismiss_reason": _("请填写不予建档的理由。")})


class CallReminder(OutboxRow):
    """One reminder per call, follow-up time and level that an open call went past (hotline/reminders.py)."""

    class Level(models.IntegerChoices):
        HOTLINE = 1, _("热线接线员（逾期）")
        STATION = 2, _("工作站（逾期升级）")

    call = models.ForeignKey(HotlineCall, verbose_name=_("热线来电"), on_delete=models.CASCADE,
                             related_name="reminders")
    due = models.DateTimeField(_("跟进期限"))
    level = models.PositiveSmallIntegerField(_("提醒级别"), choices=Level.choices)

    class Meta:
        verbose_name = _("来电跟进提醒")
        verbose_name_plural = _("来电跟进提醒")
        ordering = ["-recorded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["call", "due", "level"], name="unique_call_reminder")]
        indexes = [
            models.Index(fields=["recorded_at"], condition=models.Q(sent_at__isnull=True),
                         name="call_reminder_unsent_idx"),
            models.Index(fields=["send_token"], name="call_reminder_token_idx"),
        ]

    def __str__(self):
        return f"{self.call_id} {timezone.localtime(self.due):%Y-%m-%d %H:%M} L{self.level}"


class LedgerReview(models.Model):
    """The station's review of a month of the call ledger (热线记录台账审核): who checked it, when, their remark,
    and the figures they saw then (hotline.services.review_ledger_month)."""

    month = models.DateField(_("月份"), unique=True)  # its first day
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), auto_now_add=True)
    calls = models.PositiveIntegerField(_("来电数"))
    still_open = models.PositiveIntegerField(_("审核时未办结"))
    notes = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("热线台账审核")
        verbose_name_plural = _("热线台账审核")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class CallFeedback(models.Model):
    """办理反馈: what the office a call was referred to (or the station, or an operator) did about it, kept on the call
    for the operator who follows it up (hotline.services.add_call_feedback). Added, never edited."""

    call = models.ForeignKey(HotlineCall, verbose_name=_("热线来电"), on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("反馈人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    office = models.ForeignKey(Office, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("办理情况"))
    created_at = models.DateTimeField(_("反馈时间"), auto_now_add=True)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)

    class Meta:
        verbose_name = _("办理反馈")
        verbose_name_plural = _("办理反馈")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.call_id} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
