"""The portal's roles (DESIGN.md §1) as Django groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADERSHIP = "leadership", _("领导小组")
    STATION = "station", _("工作站")
    DIRECTOR = "director", _("儿童主任")
    HOTLINE = "hotline", _("热线接线员")
    OFFICE = "office", _("部门")
    ADMIN = "admin", _("管理员")


TOWNSHIP_WIDE = frozenset({Role.LEADERSHIP, Role.STATION})
