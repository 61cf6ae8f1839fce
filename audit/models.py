from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The kinds of record a row names (object_type), as the access log page shows them and filters by them.
OBJECT_TYPES = {
    "child": _("儿童档案"), "guardian": _("监护人"), "mandatory_report": _("强制报告"), "hotline_call": _("来电"),
    "user": _("账号"), "group": _("用户组"),
}


class AccessLog(models.Model):
    """Who read or exported which personal data, when and from where. Append-only: no edit, no delete."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看档案")
        EXPORT = "export", _("导出")
        SEARCH = "search", _("搜索")
        REVEAL = "reveal", _("显示完整号码")
        PRINT = "print", _("打印")
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        ACCOUNT = "account", _("账号权限变更")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("账号"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_ids = models.JSONField(_("对象编号"), default=list, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("访问日志")
        verbose_name_plural = _("访问日志")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    @property
    def object_type_label(self) -> str:
        return OBJECT_TYPES.get(self.object_type, self.object_type)
