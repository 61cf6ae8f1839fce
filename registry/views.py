from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from zhanpu.celery import app as celery_app

from .access import roles_of
from .models import Station


@login_required
def home(request):
    """Each role's start page; the role-specific panels are template includes chosen by role."""
    roles = sorted(role.value for role in roles_of(request.user))
    station = Station.objects.select_related("office").first()
    return render(request, "registry/home.html", {"roles": roles, "station": station})


@never_cache
def healthz(request):
    """Database and broker reachability. No login, no personal data."""
    status = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "down"
        status["database"] = "error"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001
        status["broker"] = "error"
    ok = all(value == "ok" for value in status.values())
    return JsonResponse({"status": "ok" if ok else "error", **status}, status=200 if ok else 503)
