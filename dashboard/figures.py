"""All the dashboard's figures for one scope and month, and the chart data drawn from them."""

from django.conf import settings
from django.utils.translation import gettext as _

from cases.models import RiskTier
from zhanpu.links import list_url
from zhanpu.text import series

from . import selectors
from .calls import call_figures
from .compliance import compliance_figures
from .referrals import referral_figures
from .scope import Month, Scope

TIER_COLOURS = {"red": "#dc3545", "orange": "#fd7e14", "yellow": "#ffc107", "green": "#198754", "": "#adb5bd"}


def scope_name(scope: Scope) -> str:
    if scope.township:
        return _("全镇")
    return series(village.name for village in scope.villages) or _("无负责村(社区)")


def dashboard_figures(scope: Scope, month: Month) -> dict:
    villages = selectors.village_rows(scope, month)
    total = selectors.totals(villages)
    village = scope.village.pk if scope.village else None
    return {
        "scope": scope,
        "scope_name": scope_name(scope),
        "month": month,
        "villages": villages,
        "total": total,
        "tiers": selectors.tier_rows(scope, total),
        "categories": selectors.category_rows(scope),
        "reassess_days": settings.CASES_REASSESS_DAYS,
        "children_url": list_url(selectors.CHILD_LIST, village=village, status="open"),
        "reassess_url": list_url(selectors.CHILD_LIST, village=village, overdue=1),
        "visits_overdue_url": list_url(selectors.VISIT_LIST, village=village, only="overdue"),
        "calls": call_figures(scope, month),
        "referrals": referral_figures(scope, month),
        "compliance": compliance_figures(scope, month),
    }


def _bar(labels, datasets, *, stacked=False, horizontal=False) -> dict:
    return {"type": "bar", "labels": [str(label) for label in labels], "datasets": datasets,
            "stacked": stacked, "horizontal": horizontal}


def chart_data(figures: dict) -> dict:
    """What static/js/dashboard.js draws: one entry per <canvas data-chart="key">."""
    villages = figures["villages"]
    village_names = [row["village"].name for row in villages]
    return {
        "tier": {
            "type": "doughnut",
            "labels": [str(row["label"]) for row in figures["tiers"]],
            "datasets": [{"label": _("儿童数"), "data": [row["count"] for row in figures["tiers"]],
                          "backgroundColor": [TIER_COLOURS[row["value"]] for row in figures["tiers"]]}],
        },
        "category": _bar(
            [row["label"] for row in figures["categories"]],
            [{"label": _("儿童数"), "data": [row["count"] for row in figures["categories"]]}],
            horizontal=True,
        ),
        "village": _bar(
            village_names,
            [{"label": str(tier.label), "data": [row["tiers"][i] for row in villages],
              "backgroundColor": TIER_COLOURS[tier.value]} for i, tier in enumerate(RiskTier)]
            + [{"label": _("未评估"), "data": [row["unassessed"] for row in villages],
                "backgroundColor": TIER_COLOURS[""]}],
            stacked=True, horizontal=True,
        ),
        "visits": _bar(
            village_names,
            [{"label": _("本月到期"), "data": [row["visits_due"] for row in villages], "backgroundColor": "#0d6efd"},
             {"label": _("本月已访"), "data": [row["visits_done"] for row in villages], "backgroundColor": "#20c997"},
             {"label": _("其中按时"), "data": [row["visits_on_time"] for row in villages],
              "backgroundColor": "#198754"},
             {"label": _("逾期未访"), "data": [row["visits_overdue"] for row in villages],
              "backgroundColor": "#dc3545"}],
            horizontal=True,
        ),
        "call_months": _bar(
            [row["label"] for row in figures["calls"]["months"]],
            [{"label": _("来电数"), "data": [row["count"] for row in figures["calls"]["months"]]}],
        ),
        "call_types": _bar(
            [row["label"] for row in figures["calls"]["types"]],
            [{"label": _("来电数"), "data": [row["count"] for row in figures["calls"]["types"]]}],
            horizontal=True,
        ),
        "call_response": _bar(
            [row["label"] for row in figures["calls"]["response"]],
            [{"label": label, "data": [row[key] for row in figures["calls"]["response"]], "backgroundColor": colour}
             for key, label, colour in (
                 ("on_time", _("按时应答"), "#198754"), ("late", _("超时应答"), "#fd7e14"),
                 ("overdue", _("逾期未应答"), "#dc3545"), ("waiting", _("期限内待应答"), "#adb5bd"))],
            stacked=True, horizontal=True,
        ),
        "referrals": _bar(
            [row["office"].name for row in figures["referrals"]["rows"]],
            [{"label": str(label), "data": [row["statuses"][i] for row in figures["referrals"]["rows"]]}
             for i, label in enumerate(figures["referrals"]["labels"])],
            stacked=True, horizontal=True,
        ),
    }
