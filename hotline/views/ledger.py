"""The ledger (filters, pages, Excel), the monthly statistics and the follow-up list."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Min
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.services import log_access
from registry.access import is_station, require_roles
from registry.privacy import mask_phone
from registry.roles import Role
from zhanpu.names import attach_names

from ..exports import ledger_response
from ..filters import CallFilter
from ..forms import LedgerReviewForm
from ..models import EARLIEST_YEAR, HotlineCall, LedgerReview
from ..selectors import (
    calls_visible_to,
    count_other_calls,
    ledger_calls,
    monthly_stats,
    open_intakes,
    overdue_calls,
    withhold_reporters,
)
from ..services import review_ledger_month

READERS = (Role.LEADERSHIP, Role.STATION, Role.HOTLINE, Role.DIRECTOR, Role.OFFICE)
PAGE_SIZE = 50


@login_required
@require_roles(*READERS)
def ledger(request):
    calls = CallFilter(request.GET or None, queryset=ledger_calls(request.user, page=True))
    page = Paginator(calls.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_names(page.object_list, "categories", "category_list",
                                    reference=calls.form.fields["category"].queryset)
    for call in withhold_reporters(request.user, page):
        call.masked_phone = mask_phone(call.caller_phone)
    count_other_calls(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "hotline/ledger.html", {
        "filter": calls, "page": page, "query": query.urlencode(), "now": timezone.now(),
    })


@login_required
@require_roles(*READERS)
def ledger_export(request):
    calls = CallFilter(request.GET or None, queryset=ledger_calls(request.user)).qs
    exported = []  # (call, child) of each row, filled while the file is written (reporters withheld from `reader`)
    response = ledger_response(calls, reader=request.user, exported=exported)
    log_access(request, action=AccessLog.Action.EXPORT, object_type="hotline_call",
               ids=[call for call, _child in exported])
    children = sorted({child for _call, child in exported if child})
    if children:
        log_access(request, action=AccessLog.Action.EXPORT, object_type="child", ids=children, detail="hotline ledger")
    return response


@login_required
@require_roles(*READERS)
def stats(request):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not EARLIEST_YEAR <= year <= this_year:
        year = this_year
    this_month = timezone.localdate().replace(day=1)
    reviews = {review.month: review for review in
               LedgerReview.objects.filter(month__year=year).select_related("reviewed_by")}
    first_call = HotlineCall.objects.aggregate(first=Min("received_at"))["first"]
    since = timezone.localtime(first_call).date().replace(day=1) if first_call else this_month
    ended = [month for month in (dt.date(year, number, 1) for number in range(1, 13)) if since <= month < this_month]
    return render(request, "hotline/stats.html", {
        "year": year, "years": range(this_year, this_year - 5, -1),
        "stats": monthly_stats(calls_visible_to(request.user), year),
        "reviews": [(month, reviews.get(month)) for month in ended], "can_review": is_station(request.user),
    })


@login_required
@require_POST
@require_roles(Role.STATION)
def ledger_review(request):
    """The station signs off an ended month of the call ledger; back to that year's statistics."""
    form = LedgerReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要审核的月份。"))
        return redirect("hotline:stats")
    month = form.cleaned_data["month"]
    try:
        review_ledger_month(by=request.user, month=month, notes=form.cleaned_data["notes"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已审核 %(month)s 的热线台账。") % {"month": f"{month:%Y-%m}"})
    return redirect(f"{reverse('hotline:stats')}?year={month.year}#reviews")


@login_required
@require_roles(Role.STATION, Role.HOTLINE)
def followup(request):
    """Calls past their follow-up time without a callback (the station's flags), and intakes to decide."""
    overdue = overdue_calls(request.user).select_related("operator", "office", "child__village").order_by(
        "follow_up_due")
    page = Paginator(overdue, PAGE_SIZE).get_page(request.GET.get("page"))
    intakes = open_intakes()[:PAGE_SIZE] if is_station(request.user) else None
    return render(request, "hotline/followup.html", {"page": page, "intakes": intakes, "now": timezone.now()})
