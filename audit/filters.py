"""Filters of the access-log search page."""

import django_filters
from django.db import connections
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from zhanpu.widgets import DateInput

from .models import OBJECT_TYPES, AccessLog


class AccessLogFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label=_("账号"), method="filter_account")  # the account or its person
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AccessLog.Action.choices)
    date_from = django_filters.DateFilter(label=_("开始日期"), field_name="at", lookup_expr="date__gte",
                                          widget=DateInput())
    date_to = django_filters.DateFilter(label=_("结束日期"), field_name="at", lookup_expr="date__lte",
                                        widget=DateInput())
    object_type = django_filters.ChoiceFilter(label=_("对象类型"), choices=list(OBJECT_TYPES.items()))
    object_id = django_filters.NumberFilter(label=_("对象编号"), method="filter_object_id", min_value=1)

    class Meta:
        model = AccessLog
        fields: list = []

    def filter_account(self, queryset, name, value):
        """The rows of the accounts whose username, or whose person's name (as the page shows it), holds `value`."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(user__real_name__icontains=value))

    def filter_object_id(self, queryset, name, value):
        # object_ids is a JSON list such as [3, 12]. PostgreSQL: containment (object_ids @> '[12]'), which the GIN
        # index of audit/migrations/0003 answers. SQLite has no JSON "contains": match the number as a whole
        # element of the list's text ("[3, 12]"), so that 12 is neither 120 nor 112. The same rows either way.
        if connections[queryset.db].vendor == "postgresql":
            return queryset.filter(object_ids__contains=[int(value)])
        return queryset.alias(ids_text=Cast("object_ids", TextField())).filter(
            ids_text__regex=rf"[\[ ]{int(value)}[,\]]"
        )
