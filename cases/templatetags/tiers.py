"""`{{ child.tier|tier_badge }}`: a risk tier as its coloured badge (未评估 for none). A filter, not an include: list
pages show one per row, and the badges are built once per language."""

from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from cases.models import RiskTier

register = template.Library()


@cache
def _badges(language: str | None) -> dict[str, SafeString]:
    badges = {tier: format_html('<span class="badge tier-{}">{}</span>', tier, name) for tier, name in RiskTier.choices}
    badges[""] = format_html('<span class="badge text-bg-light">{}</span>', gettext("未评估"))
    return badges


@register.filter
def tier_badge(tier: str) -> SafeString:
    badges = _badges(get_language())
    return badges.get(tier, badges[""])
