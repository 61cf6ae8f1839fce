"""Filters of the child register (django-filter)."""

import functools

import django_filters
from django import forms
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from registry.access import villages_visible_to

from .models import Child, ChildCategory, RiskTier
from .models.children import in_characters, sounds_like, typed_name
from .selectors import reassessment_overdue_q


class ChildFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/拼音"), method="search")
    village = django_filters.ChoiceFilter(label=_("村(社区)"), field_name="village_id")  # choices: the user's
    category = django_filters.ModelChoiceFilter(
        label=_("儿童类别"), field_name="categories", queryset=ChildCategory.objects.all()
    )
    tier = django_filters.ChoiceFilter(
        label=_("风险等级"), choices=[*RiskTier.choices, ("none", _("未评估"))], method="filter_tier"
    )
    status = django_filters.ChoiceFilter(label=_("个案状态"), choices=Child.Status.choices)
    schooling = django_filters.ChoiceFilter(label=_("就学状况"), choices=Child.Schooling.choices)  # 控辍保学: 辍学
    overdue = django_filters.BooleanFilter(
        label=_("需重新评估（超过6个月或已标记）"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Child
        fields: list = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.village_choices = functools.cache(lambda: list(villages_visible_to(user).values_list("pk", "name")))
        # (pk, name) pairs, not Village objects: a township-wide select lists hundreds of villages. Read once, when the
        # form is shown or checked, not by an export without filters. (A function, not a bound method: the form deep-
        # copies its fields, and with them a method's whole object.)
        self.filters["village"].extra["choices"] = self.village_choices

    def drop_village_if_only_one(self) -> str:
        """A child director of one village has nothing to choose or compare: no village filter (call before the form
        is built). Returns that village's name, or "" when the register shows villages."""
        if len(self.village_choices()) == 1:
            del self.filters["village"]
            return self.village_choices()[0][1]
        return ""

    def search(self, queryset, name, value):
        value = typed_name(value)
        if not value:
            return queryset
        if in_characters(value):
            # a homophone typed in characters matches by its syllables too, in each reading of a surname; the names
            # holding the characters typed come first (李 before 黎)
            written = Q(name__icontains=value)
            return queryset.filter(written | sounds_like(value)).order_by(
                Case(When(written, then=0), default=1), *queryset.query.order_by)
        return queryset.filter(name_pinyin__contains=value.lower())

    def filter_tier(self, queryset, name, value):
        return queryset.filter(tier="") if value == "none" else queryset.filter(tier=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(reassessment_overdue_q()) if value else queryset
