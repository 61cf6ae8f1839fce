"""Family-education mutual-aid sessions (家庭教育互助会) and the public holidays their rule refers to [三(二)3]."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIDNIGHT = dt.time(0, 0)


class Holiday(models.Model):
    """A public-holiday period (e.g. 国庆节 10-01 to 10-07), seeded from `holidays.China`, edited by the station."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("自动导入")
        MANUAL = "manual", _("人工录入")

    name = models.CharField(_("名称"), max_length=50)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("法定节假日")
        verbose_name_plural = _("法定节假日")
        ordering = ["start_date"]
        constraints = [models.UniqueConstraint(fields=["name", "start_date"], name="unique_holiday_period")]

    def __str__(self):
        return f"{self.name} {self.start_date:%Y-%m-%d}–{self.end_date:%m-%d}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


class FamilyEducationSession(models.Model):
    """One opening of a village's family-education mutual-aid session."""

    village = models.ForeignKey(
        "registry.Village", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="family_sessions"
    )
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=100)
    host = models.CharField(_("主持人"), max_length=50)
    topic = models.CharField(_("主题"), max_length=100, blank=True)
    attendance = models.IntegerField(
        _("参加人数"), default=0, validators=[MinValueValidator(0, message=_("参加人数不能为负数。"))]
    )
    held = models.BooleanField(_("已开放"), default=False, help_text=_("开放结束后勾选；未来的开放不能标记为已开放。"))
    notes = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("家庭教育互助会开放记录")
        verbose_name_plural = _("家庭教育互助会开放记录")
        ordering = ["-date", "-start_time", "-pk"]
        indexes = [models.Index(fields=["village", "date"], name="family_session_day_idx")]

    def __str__(self):
        return f"{self.village} {self.date} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def ends_at_midnight(self) -> bool:
        """00:00 as the end of an opening that starts later in the day is midnight, the end of its day (22:00–24:00:
        two hours). An opening never runs into the next day, so 00:00 cannot be that day's first minute."""
        return self.end_time == MIDNIGHT and self.start_time != MIDNIGHT

    @property
    def duration_minutes(self) -> int:
        start = dt.datetime.combine(self.date, self.start_time)
        end_day = self.date + dt.timedelta(days=1) if self.ends_at_midnight else self.date
        return int((dt.datetime.combine(end_day, self.end_time) - start).total_seconds() // 60)

    def clean(self):
        if not (self.date and self.start_time and self.end_time):
            return
        if self.end_time <= self.start_time and not self.ends_at_midnight:
            raise ValidationError({"end_time": _("结束时间必须晚于开始时间。")})
        starts = timezone.make_aware(dt.datetime.combine(self.date, self.start_time))
        if self.held and starts > timezone.now():
            raise ValidationError({"held": _("这次开放还没有开始，不能标记为已开放。")})
        if self.village_id and self.place:
            same_place = FamilyEducationSession.objects.filter(
                village_id=self.village_id, place__iexact=self.place.strip(), date=self.date,
            ).exclude(pk=self.pk)
            if not self.ends_at_midnight:  # ending at midnight, it ends after every other opening's start
                same_place = same_place.filter(start_time__lt=self.end_time)
            # an opening ending at midnight (stored as 00:00) ends after this one's start, whatever it is
            clash = same_place.filter(Q(end_time__gt=self.start_time) | Q(end_time=MIDNIGHT)).first()
            if clash:
                raise ValidationError(
                    _("同一地点 %(start)s–%(end)s 已有一次开放，时间不能重叠。")
                    % {"start": f"{clash.start_time:%H:%M}", "end": f"{clash.end_time:%H:%M}"}
                )
