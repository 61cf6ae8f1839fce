"""The leadership group's dashboard (township or one village) and the monthly report (月报)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from audit.models import AccessLog
from audit.services import log_access
from hotline.models import LedgerReview
from registry.access import require_roles
from registry.roles import Role

from .exports import report_response
from .figures import chart_data, dashboard_figures
from .reports import child_ids, report_lists
from .scope import current_month, parse_month, scope_for

DASHBOARD_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)


@login_required
@require_roles(*DASHBOARD_ROLES)
def index(request):
    """Township-wide for leadership and station; a child director's own villages otherwise (?village= narrows)."""
    scope = scope_for(request.user, request.GET.get("village"))
    figures = dashboard_figures(scope, current_month())
    return render(request, "dashboard/index.html", {"f": figures, "charts": chart_data(figures)})


def _report(request, *, limit: int | None = None):
    scope = scope_for(request.user, request.GET.get("village"))
    figures = dashboard_figures(scope, parse_month(request.GET.get("month")))
    return figures, report_lists(figures, limit=limit)


@never_cache
@login_required
@require_roles(*DASHBOARD_ROLES)
def report(request):
    """The printable monthly report: the figures and the first rows of each list behind them (the workbook has them
    all); the access log names the children shown."""
    figures, lists = _report(request, limit=settings.DASHBOARD_REPORT_LIST_ROWS)
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=child_ids(lists),
               detail=f"月报 {figures['month'].key} {figures['scope_name']}")
    review = None
    if figures["scope"].township:  # the station reviews the township's whole ledger (hotline.LedgerReview)
        review = LedgerReview.objects.select_related("reviewed_by").filter(month=figures["month"].first).first()
    return render(request, "dashboard/report.html", {"f": figures, "lists": lists, "ledger_review": review})


@never_cache
@login_required
@require_roles(*DASHBOARD_ROLES)
def report_xlsx(request):
    figures, lists = _report(request)
    log_access(request, action=AccessLog.Action.EXPORT, object_type="child", ids=child_ids(lists),
               detail=f"月报 {figures['month'].key} {figures['scope_name']}")
    return report_response(figures, lists)
