"""Floors: for each benchmarked page, a bare view that runs the page's one essential query and renders its rows
with the same machinery (base.html with the context processors, or the shared xlsx writer), behind the same
middleware. A page's time is read against its floor: what is left is the page's own work."""

from django.db.models import Count
from django.shortcuts import render

from audit.exports import xlsx_response
from cases.models import Child
from cases.selectors import children_visible_to
from hotline.models import HotlineCall

PAGE = 50


def _table(request, title, rows):
    return render(request, "bench/floor.html", {"title": title, "rows": rows})


def register(request):
    rows = (children_visible_to(request.user).order_by("village__order", "village__name", "name", "pk")
            .values_list("name", "sex", "birth_date", "village__name", "tier", "status", "next_visit_due")[:PAGE])
    return _table(request, "register", rows)


def child_file(request, pk: int):
    child = children_visible_to(request.user).select_related("village").get(pk=pk)
    return _table(request, "child", [(child.name, child.birth_date, child.village.name, child.tier, child.address)])


def due_list(request):
    rows = (children_visible_to(request.user).filter(status=Child.Status.OPEN, next_visit_due__isnull=False)
            .order_by("next_visit_due", "pk")
            .values_list("name", "village__name", "tier", "next_visit_due", "last_visit_on")[:PAGE])
    return _table(request, "due", rows)


def hotline_ledger(request):
    rows = (HotlineCall.objects.order_by("-received_at", "-pk")
            .values_list("received_at", "call_type", "urgency", "status", "summary", "operator__real_name")[:PAGE])
    return _table(request, "ledger", rows)


def dashboard(request):
    rows = (Child.objects.filter(status=Child.Status.OPEN).values_list("village__name", "tier")
            .annotate(n=Count("pk")).order_by("village__name", "tier"))
    return _table(request, "dashboard", rows)


def export(request):
    rows = (children_visible_to(request.user).order_by("village__order", "village__name", "name", "pk")
            .values_list("name", "sex", "birth_date", "village__name", "address", "tier", "status", "next_visit_due"))
    return xlsx_response("floor.xlsx", ["name", "sex", "born", "village", "address", "tier", "status", "due"], rows)
