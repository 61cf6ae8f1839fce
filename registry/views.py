from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from zhanpu.celery import app as celery_app

from .access import roles_of
from .forms import LoginForm
from .models import LeadershipMember, Notification, Office, Station, User


@login_required
def home(request):
    """Each role's start page; the role-specific panels are template includes chosen by role."""
    roles = sorted(role.value for role in roles_of(request.user))
    station = Station.objects.select_related("office").first()
    return render(request, "registry/home.html", {"roles": roles, "station": station})


@login_required
def organisation(request):
    """Who does what under the plan [三(一), 三(四)]: the leadership group, the station with its duties and rules, and
    the nine offices' duties. Reference text for every portal user; no child's data."""
    return render(request, "registry/organisation.html", {
        "station": Station.objects.select_related("office").first(),
        "members": LeadershipMember.objects.select_related("office"),
        "offices": Office.objects.all(),
    })


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


@login_required
def notification_list(request):
    # Unread first (what the badge counts is always on the page), then newest first.
    notes = request.user.notifications.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")[:200]
    return render(request, "registry/notifications.html", {"notes": notes})


@login_required
def notification_open(request, pk: int):
    """Mark one of the user's own notifications read and follow its link (404 for anyone else's)."""
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return redirect(url_has_allowed_host_and_scheme(note.url, None) and note.url or "registry:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("registry:notifications")


def _remember_language(response, language: str) -> None:
    """The cookie that Django's set_language sets, which LocaleMiddleware reads."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    """Sign-in; a user who chose a language in the portal reads it in that language on any browser."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.get_user().language:
            _remember_language(response, form.get_user().language)
        return response


def choose_language(request):
    """Django's set_language, kept on the account of a signed-in user as well (see LoginView and notify)."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
