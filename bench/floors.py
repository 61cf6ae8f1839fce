"""Floors: for each benchmarked page, a bare view that runs the page's one essential query and renders its rows
with the same machinery (base.html with the context processors, or the shared xlsx writer), behind the same
middleware. A list's floor reads the columns that the page's rows show, as the database holds them (no labels,
no masking or decryption, no related lists such as categories), in the page's order. A page's time is read
against its floor: what is left is the page's own work."""

from django.db.models import Count, TextField
from django.db.models.functions import Cast
from django.shortcuts import render

from audit.exports import xlsx_response
from cases.exports import CHILD_FIELDS
from cases.models import Child
from cases.selectors import REGISTER_ORDER, children_visible_to
from hotline.models import HotlineCall

PAGE = 50
# The ledger's columns that come from the child's own row, the identity number still encrypted (the page decrypts).
EXPORT_FIELDS = [field for field in CHILD_FIELDS if field != "overdue_reassessment"]  # (an annotation of the page)


def _table(request, title, rows):
    return render(request, "bench/floor.html", {"title": title, "rows": rows})


def register(request):
    rows = (children_visible_to(request.user).order_by("village__order", "village__name", "name", "pk")
            .values_list("pk", "name", "village__name", "birth_date", "tier", "status", "last_assessed_on",
                         "next_visit_due")[:PAGE])
    return _table(request, "register", rows)


def child_file(request, pk: int):
    child = children_visible_to(request.user).select_related("village").get(pk=pk)
    return _table(request, "child", [(child.name, child.birth_date, child.village.name, child.tier, child.address)])


def due_list(request):
    rows = (children_visible_to(request.user).filter(status=Child.Status.OPEN, next_visit_due__isnull=False)
            .order_by("next_visit_due", "pk")
            .values_list("pk", "name", "village__name", "tier", "next_visit_due", "last_visit_on")[:PAGE])
    return _table(request, "due", rows)


def hotline_ledger(request):
    rows = (HotlineCall.objects.order_by("-received_at", "-pk")
            .values_list("pk", "received_at", "operator__real_name", "caller_relation", "call_type", "urgency",
                         "action", "office__name", "child__name", "child__village__name", "status")[:PAGE])
    return _table(request, "ledger", rows)


def dashboard(request):
    rows = (Child.objects.filter(status=Child.Status.OPEN).values_list("village__name", "tier")
            .annotate(n=Count("pk")).order_by("village__name", "tier"))
    return _table(request, "dashboard", rows)


def export(request):
    columns = [Cast(field, TextField()) if field == "id_number" else field for field in EXPORT_FIELDS]
    rows = children_visible_to(request.user).order_by(*REGISTER_ORDER).values_list(*columns)
    return xlsx_response("floor.xlsx", EXPORT_FIELDS, rows)
