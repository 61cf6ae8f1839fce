import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import User
from registry.roles import Role
from zhanpu.widgets import DateInput

from .models import HotlineCall, IssueCategory

OVERDUE = "overdue"
STATUS_CHOICES = [*HotlineCall.Status.choices, (OVERDUE, _("逾期未回访"))]


def _operators(request):
    roles = [Role.HOTLINE.value, Role.STATION.value]
    return User.objects.filter(groups__name__in=roles).distinct().order_by("username").only("username", "real_name")


class CallFilter(django_filters.FilterSet):
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("来电日期从"),
        widget=DateInput(),
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("至"),
        widget=DateInput(),
    )
    call_type = django_filters.ChoiceFilter(label=_("来电类型"), choices=HotlineCall.CallType.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("问题类别"), field_name="categories", queryset=IssueCategory.objects.all()
    )
    urgency = django_filters.ChoiceFilter(label=_("紧急程度"), choices=HotlineCall.Urgency.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=STATUS_CHOICES, method="filter_status")
    operator = django_filters.ModelChoiceFilter(label=_("接线人"), queryset=_operators)

    class Meta:
        model = HotlineCall
        fields: list = []

    def filter_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.filter(Q(status=HotlineCall.Status.OPEN) & Q(follow_up_due__lt=timezone.now()))
        return queryset.filter(status=value)
