"""Publicity activities (宣传) [三(一)3, 四(四)] and the breakdown of the plan's duties into tasks [四(一)]."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanpu.drafts import SubmissionKeyField

from .models_outbox import OutboxRow


class Publicity(models.Model):
    class Channel(models.TextChoices):
        NOTICE_BOARD = "notice_board", _("公开栏")
        WECHAT = "wechat", _("微信")
        QQ = "qq", _("QQ")
        HOTLINE = "hotline", _("热线宣传")
        OTHER = "other", _("其他")

    village = models.ForeignKey(
        "registry.Village", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="publicity",
        null=True, blank=True, help_text=_("留空：全镇的宣传（如热线宣传），由工作站登记。"),
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    reach = models.IntegerField(
        _("覆盖人数"), null=True, blank=True, validators=[MinValueValidator(0, message=_("覆盖人数不能为负数。"))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("宣传日期不能晚于今天。")})


class Task(models.Model):
    """A duty from the plan assigned to one office or one village."""

    class Status(models.TextChoices):
        TODO = "todo", _("未开始")
        DOING = "doing", _("进行中")
        DONE = "done", _("已完成")

    title = models.CharField(_("任务"), max_length=200)
    duty = models.TextField(_("方案中的职责"), blank=True)
    plan_ref = models.CharField(_("方案条款"), max_length=30, blank=True, help_text=_("例如 四(一)"))
    office = models.ForeignKey(
        "registry.Office", verbose_name=_("责任部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="tasks",
    )
    village = models.ForeignKey(
        "registry.Village", verbose_name=_("责任村(社区)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="tasks",
    )
    owner = models.CharField(_("责任人"), max_length=50)
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.TODO)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)

    class Meta:
        verbose_name = _("任务分解")
        verbose_name_plural = _("任务分解")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(office__isnull=False, village__isnull=True) | Q(office__isnull=True, village__isnull=False),
                name="task_one_assignee",
                violation_error_message=_("任务须分配给一个部门或一个村(社区)，二者选其一。"),
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="task_due_idx")]

    def __str__(self):
        return self.title

    @property
    def assignee(self):
        return self.office or self.village

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_on < timezone.localdate()


class TaskNote(models.Model):
    """A progress note on a task; it may move the task's status."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="notes")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, on_delete=models.SET_NULL)
    text = models.TextField(_("进展情况"))
    status = models.CharField(_("状态"), max_length=10, choices=Task.Status.choices)
    submission_key = SubmissionKeyField()  # the form it came from, sent again when its answer was lost (zhanpu/drafts)

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.task} {timezone.localtime(self.created_at):%Y-%m-%d}"


class TaskReminder(OutboxRow):
    """One reminder per task, due date and level that an unfinished task went past (registry/task_reminders.py). A
    row is the outbox entry "became overdue"; `sent_at` marks it sent (registry/outbox.py)."""

    class Level(models.IntegerChoices):
        ASSIGNEE = 1, _("责任部门或村(社区)（逾期）")
        STATION = 2, _("工作站（逾期升级）")

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField(_("完成期限"))
    level = models.PositiveSmallIntegerField(_("提醒级别"), choices=Level.choices)

    class Meta:
        verbose_name = _("任务提醒")
        verbose_name_plural = _("任务提醒")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "due_on", "level"], name="unique_task_reminder"),
        ]
        indexes = [
            models.Index(fields=["recorded_at"], condition=Q(sent_at__isnull=True), name="task_reminder_unsent_idx"),
            models.Index(fields=["send_token"], name="task_reminder_token_idx"),
        ]
