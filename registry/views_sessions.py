"""Family-education mutual-aid sessions and the holiday table [三(二)3]."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import is_station, require_roles, villages_changeable_by, villages_visible_to
from .forms_work import HolidayForm, SessionForm
from .models import FamilyEducationSession, Holiday
from .roles import Role
from .selectors import get_in_village_for_user, sessions_visible_to
from .views_common import form_page, of_village, paginate, save_form

VILLAGE_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)


@login_required
@require_roles(*VILLAGE_ROLES)
def session_list(request):
    sessions = sessions_visible_to(request.user)
    sessions, village = of_village(request, sessions)
    return render(request, "registry/session_list.html", {
        "page": paginate(request, sessions), "villages": villages_visible_to(request.user), "village": village,
        "changeable": set(villages_changeable_by(request.user).values_list("pk", flat=True)),
    })


@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def session_edit(request, pk: int | None = None):
    if pk:
        session = get_in_village_for_user(request.user, FamilyEducationSession.objects.all(), pk, perm="change")
    else:
        session = FamilyEducationSession()
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    extra = {} if pk else {"recorded_by": request.user}
    if request.method == "POST" and save_form(form, by=request.user, **extra):
        messages.success(request, _("开放记录已保存。"))
        return redirect(reverse("registry:sessions") + f"?village={form.instance.village_id}")
    return form_page(
        request, form, title=_("家庭教育互助会开放记录"), back_url=reverse("registry:sessions"),
        intro=_("方案要求：每周开放不少于 3 天，节假日至少开放 1 天，每次开放不少于 2 小时。"),
    )


@login_required
@require_roles(*VILLAGE_ROLES)
def holiday_list(request):
    return render(request, "registry/holiday_list.html", {
        "page": paginate(request, Holiday.objects.order_by("-start_date")), "can_edit": is_station(request.user),
    })


@login_required
@require_roles(Role.STATION)
def holiday_edit(request, pk: int | None = None):
    holiday = get_object_or_404(Holiday, pk=pk) if pk else Holiday()
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and save_form(form, by=request.user):
        messages.success(request, _("节假日已保存。"))
        return redirect("registry:holidays")
    return form_page(request, form, title=_("法定节假日"), back_url=reverse("registry:holidays"))
