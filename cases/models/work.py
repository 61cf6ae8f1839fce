"""Case work on a child: interventions, referrals to offices, mandatory reports, notes and status changes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.fields import EncryptedPhoneNumberField
from registry.models import Office
from registry.models_outbox import OutboxRow
from zhanpu.crypto import EncryptedTextField
from zhanpu.drafts import SubmissionKeyField

from .children import Child


def _user_fk(verbose_name, **extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", **extra,
    )


class Intervention(models.Model):
    """分级干预措施 [二(四), 四(二)]."""

    class Kind(models.TextChoices):
        GUARDIANSHIP = "guardianship", _("监护干预")
        TEMPORARY_CUSTODY = "temporary_custody", _("临时监护")
        STUDY = "study", _("监学服务")
        COUNSELLING = "counselling", _("心理疏导")
        POLICY = "policy", _("政策咨询")
        LIVING = "living", _("生活帮扶")
        MEDICAL = "medical", _("医疗救助")
        EDUCATION_AID = "education_aid", _("教育资助")
        EMPLOYMENT = "employment", _("就业扶助")
        LEGAL = "legal", _("法律援助")
        REHABILITATION = "rehabilitation", _("康复救助")
        ADMONITION = "admonition", _("训诫/家庭教育指导")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("措施"), max_length=30, choices=Kind.choices)
    done_on = models.DateField(_("日期"), default=timezone.localdate)
    done_by = models.CharField(_("实施人/单位"), max_length=100)
    notes = models.TextField(_("情况说明"), blank=True)
    recorded_by = _user_fk(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = _("干预措施")
        verbose_name_plural = _("干预措施")
        ordering = ["-done_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_on}"

    def clean(self):
        # The same dates a home visit or an assessment could not have had (visits.models.HomeVisit.clean).
        if self.done_on is None or self.child_id is None:
            return
        if self.done_on < self.child.birth_date:
            raise ValidationError({"done_on": _("干预日期不能早于儿童出生日期。")})
        if self.child.registered_on and self.done_on < self.child.registered_on:
            raise ValidationError({"done_on": _("干预日期不能早于建档日期。")})


class Referral(models.Model):
    """帮扶转介 to one township office: 待接收 → 已接收 → 已办结, or 退回 with a reason. The station may re-route (改派)
    a pending or returned referral to another office (back to 待接收) or withdraw it (已撤回), each with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待接收")
        ACCEPTED = "accepted", _("已接收")
        DONE = "done", _("已办结")
        RETURNED = "returned", _("退回")
        WITHDRAWN = "withdrawn", _("已撤回")

    OPEN_STATUSES = (Status.PENDING, Status.ACCEPTED)

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="referrals")
    office = models.ForeignKey(Office, verbose_name=_("接收部门"), on_delete=models.PROTECT, related_name="referrals")
    reason = models.TextField(_("转介事由"))
    urgent = models.BooleanField(_("紧急"), default=False)
    due_date = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    response = models.TextField(_("部门回复"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    reroute_reason = models.TextField(_("改派理由"), blank=True)  # the latest re-route's; earlier ones in history
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)
    referred_by = _user_fk(_("转介人"))
    created_at = models.DateTimeField(_("转介时间"), auto_now_add=True)
    handled_by = _user_fk(_("办理人"))
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结/退回时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)  # each action claims it (cases.services.referrals)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    history = HistoricalRecords(excluded_fields=["version", "submission_key"])

    class Meta:
        verbose_name = _("帮扶转介")
        verbose_name_plural = _("帮扶转介")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "status", "due_date"], name="referral_office_status_idx"),
            # the reminder pass: open referrals whose due date crossed a threshold (a range on this partial index)
            models.Index(fields=["due_date"], condition=models.Q(status__in=["pending", "accepted"]),
                         name="referral_open_due_idx"),
        ]

    def __str__(self):
        return f"{self.child} → {self.office}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class ReferralReminder(OutboxRow):
    """One reminder per referral, due date and level that an open referral went past (cases/reminders.py). A row is
    the outbox entry "became overdue"; `sent_at` marks it sent (registry/outbox.py)."""

    class Level(models.IntegerChoices):
        OFFICE = 1, _("接收部门（逾期）")
        STATION = 2, _("工作站（逾期升级）")

    referral = models.ForeignKey(Referral, verbose_name=_("帮扶转介"), on_delete=models.CASCADE,
                                 related_name="reminders")
    due_date = models.DateField(_("办理期限"))
    level = models.PositiveSmallIntegerField(_("提醒级别"), choices=Level.choices)

    class Meta:
        verbose_name = _("转介提醒")
        verbose_name_plural = _("转介提醒")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "due_date", "level"], name="unique_referral_reminder"),
        ]
        indexes = [
            models.Index(fields=["recorded_at"], condition=models.Q(sent_at__isnull=True),
                         name="referral_reminder_unsent_idx"),
            models.Index(fields=["send_token"], name="referral_reminder_token_idx"),
        ]

    def __str__(self):
        return f"{self.referral_id} {self.due_date} L{self.level}"


class ReassessmentReminder(OutboxRow):
    """One reminder per child, reassessment due date and level: a case not assessed for CASES_REASSESS_DAYS
    (cases/reassessment.py)."""

    class Level(models.IntegerChoices):
        DIRECTOR = 1, _("儿童主任（到期）")
        STATION = 2, _("工作站（逾期升级）")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE,
                              related_name="reassessment_reminders")
    due_date = models.DateField(_("重新评估截止日期"))
    level = models.PositiveSmallIntegerField(_("提醒级别"), choices=Level.choices)

    class Meta:
        verbose_name = _("重新评估提醒")
        verbose_name_plural = _("重新评估提醒")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["child", "due_date", "level"], name="unique_reassessment_reminder"),
        ]
        indexes = [
            models.Index(fields=["recorded_at"], condition=models.Q(sent_at__isnull=True),
                         name="reassess_reminder_unsent_idx"),
            models.Index(fields=["send_token"], name="reassess_reminder_token_idx"),
        ]

    def __str__(self):
        return f"{self.child_id} {self.due_date} L{self.level}"


class MandatoryReport(models.Model):
    """强制报告 (《关于建立侵害未成年人案件强制报告制度的意见（试行）》). The reporter is known to the station only."""

    class ReporterKind(models.TextChoices):
        VILLAGE_COMMITTEE = "village_committee", _("村(居)民委员会")
        SCHOOL = "school", _("学校、幼儿园等教育机构")
        CHILDCARE = "childcare", _("托育服务机构")
        MEDICAL = "medical", _("医疗机构")
        WELFARE = "welfare", _("儿童福利、救助保护机构")
        SOCIAL_WORK = "social_work", _("社会工作服务机构")
        HOTEL = "hotel", _("旅店、宾馆等住宿经营者")
        HOTLINE = "hotline", _("热线来电")
        CITIZEN = "citizen", _("公民个人")
        OTHER = "other", _("其他")

    class Situation(models.TextChoices):
        GENITAL_INJURY = "genital_injury", _("生殖器官或隐私部位遭受或疑似遭受非正常损伤")
        UNDER14_SEXUAL = "under14_sexual", _("不满十四周岁的女性遭受或疑似遭受性侵害、怀孕、流产")
        OVER14_PREGNANCY = "over14_pregnancy", _("十四周岁以上女性遭受或疑似遭受性侵害所致怀孕、流产")
        INJURIES = "injuries", _("身体多处损伤、严重营养不良、意识不清，疑似受到家暴、欺凌、虐待、殴打或被麻醉")
        ABNORMAL_HARM = "abnormal_harm", _("因自杀、自残、工伤、中毒、被麻醉、殴打等非正常原因致伤残、死亡")
        ABANDONED = "abandoned", _("被遗弃或长期处于无人照料状态")
        MISSING_TRAFFICKED = "missing_trafficked", _("来源不明、失踪或者被拐卖、收买")
        BEGGING = "begging", _("被组织乞讨")
        OTHER_SERIOUS = "other_serious", _("其他严重侵害身心健康的情形或正面临不法侵害危险")

    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="mandatory_reports"
    )
    reporter_kind = models.CharField(_("报告主体"), max_length=20, choices=ReporterKind.choices)
    situations = models.JSONField(_("报告情形"), default=list)
    summary = models.TextField(_("情况摘要"))
    reporter_name = EncryptedTextField(_("报告人姓名"), blank=True)
    reporter_phone = EncryptedPhoneNumberField(_("报告人电话"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    recorded_by = _user_fk(_("登记人"))
    referral = models.OneToOneField(
        Referral, verbose_name=_("转介派出所"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="mandatory_report",
    )
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    history = HistoricalRecords(excluded_fields=["reporter_name", "reporter_phone", "submission_key"])

    class Meta:
        verbose_name = _("强制报告")
        verbose_name_plural = _("强制报告")
        ordering = ["-reported_at", "-pk"]

    def __str__(self):
        return f"{self.child} {timezone.localtime(self.reported_at):%Y-%m-%d}"

    def situation_labels(self) -> list[str]:
        labels = dict(self.Situation.choices)
        return [str(labels.get(code, code)) for code in self.situations]


class CaseNote(models.Model):
    """A free-text note on the child's timeline."""

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("内容"))
    author = _user_fk(_("记录人"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = _("个案备注")
        verbose_name_plural = _("个案备注")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:30]


class StatusChange(models.Model):
    """Closure requests, their decision, and reopening: an append-only log of the case's status."""

    class Kind(models.TextChoices):
        REQUEST_CLOSE = "request_close", _("申请结案")
        APPROVE_CLOSE = "approve_close", _("批准结案")
        REJECT_CLOSE = "reject_close", _("驳回结案申请")
        REOPEN = "reopen", _("重新开案")
        MERGE = "merge", _("合并档案")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="status_changes")
    kind = models.CharField(_("操作"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("理由"), blank=True)
    by = _user_fk(_("操作人"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("个案状态变更")
        verbose_name_plural = _("个案状态变更")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.child} {self.get_kind_display()}"
