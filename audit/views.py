"""The access-log search (station and leadership), the explicit, logged 'show the full number' actions, and the
record of a child's file being printed."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.models import Guardian, MandatoryReport
from cases.selectors import can_reveal_guardian_phone, get_child_for_user
from registry.access import can_see_full_identifiers, require_roles
from registry.roles import Role

from .filters import AccessLogFilter
from .models import AccessLog
from .services import log_access, reveal_response

PAGE_SIZE = 50


@login_required
@require_roles(Role.STATION, Role.LEADERSHIP)
def access_log(request):
    """Search the access log. Read-only: nothing in the portal edits or deletes a row."""
    log_filter = AccessLogFilter(request.GET, queryset=AccessLog.objects.select_related("user"))
    page = Paginator(log_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/access_log.html", {
        "filter": log_filter, "page": page, "query": query.urlencode(),
    })


@never_cache
@login_required
@require_POST
def child_printed(request, pk: int):
    """A child's file went to paper (the page's 打印档案 button or the browser's own print): sent by static/js/app.js
    on the browser's beforeprint event, for anyone who may see the file."""
    child = get_child_for_user(request.user, pk)
    log_access(request, action=AccessLog.Action.PRINT, object_type="child", ids=[child.pk])
    return HttpResponse(status=204)


@never_cache
@login_required
@require_POST
def reveal_child_id_number(request, pk: int):
    child = get_child_for_user(request.user, pk)
    if not can_see_full_identifiers(request.user):
        raise PermissionDenied
    return reveal_response(request, value=child.id_number, object_type="child", pk=child.pk, field="id_number")


@never_cache
@login_required
@require_POST
def reveal_guardian_phone(request, pk: int):
    """A guardian's number: the station, and the child directors of the child's village (they call to arrange home
    visits). Someone who may not see the child gets 404, before anything is logged."""
    guardian = get_object_or_404(Guardian, pk=pk)
    child = get_child_for_user(request.user, guardian.child_id)
    if not can_reveal_guardian_phone(request.user, child):
        raise PermissionDenied
    return reveal_response(request, value=guardian.phone, object_type="guardian", pk=guardian.pk, field="phone",
                           tel=True)


@never_cache
@login_required
@require_POST
def reveal_reporter_phone(request, pk: int):
    """A mandatory reporter's number: the station only (DESIGN §3, the reporter's identity is confidential)."""
    report = get_object_or_404(MandatoryReport, pk=pk)
    get_child_for_user(request.user, report.child_id)
    if not can_see_full_identifiers(request.user):
        raise PermissionDenied
    return reveal_response(request, value=report.reporter_phone, object_type="mandatory_report", pk=report.pk,
                           field="reporter_phone", tel=True)
