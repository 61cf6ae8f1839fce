"""Facilities where minors gather and their safety inspections [三(二)2]."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import can_change_some_village, can_change_village, require_roles, villages_visible_to
from .forms_work import FacilityForm, InspectionForm
from .models import Facility
from .roles import Role
from .selectors import facilities_visible_to, flag_reasons, flagged_facility_q, get_in_village_for_user
from .views_common import form_page, of_village, paginate, save_form

VILLAGE_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)


@login_required
@require_roles(*VILLAGE_ROLES)
def facility_list(request):
    facilities = facilities_visible_to(request.user)
    facilities, village = of_village(request, facilities)
    flagged_only = request.GET.get("flagged") == "1"
    if flagged_only:
        facilities = facilities.filter(flagged_facility_q(), is_active=True)
    page = paginate(request, facilities)
    for facility in page.object_list:
        facility.flags = flag_reasons(facility) if facility.is_active else []
    return render(request, "registry/facility_list.html", {
        "page": page, "villages": villages_visible_to(request.user), "village": village,
        "flagged_only": flagged_only, "can_add": can_change_some_village(request.user),
    })


@login_required
@require_roles(*VILLAGE_ROLES)
def facility_detail(request, pk: int):
    facility = get_in_village_for_user(request.user, facilities_visible_to(request.user), pk)
    facility.flags = flag_reasons(facility) if facility.is_active else []
    return render(request, "registry/facility_detail.html", {
        "facility": facility,
        "page": paginate(request, facility.inspections.all()),
        "can_change": can_change_village(request.user, facility.village_id),
    })


@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def facility_edit(request, pk: int | None = None):
    if pk:
        facility = get_in_village_for_user(request.user, Facility.objects.all(), pk, perm="change")
    else:
        facility = Facility()
    form = FacilityForm(request.POST or None, instance=facility, user=request.user)
    if request.method == "POST" and save_form(form, by=request.user):
        messages.success(request, _("场所信息已保存。"))
        return redirect("registry:facility", pk=form.instance.pk)
    back = reverse("registry:facility", args=[pk]) if pk else reverse("registry:facilities")
    return form_page(request, form, title=_("未成年人集中活动场所"), back_url=back)


@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def inspection_edit(request, pk: int, inspection_pk: int | None = None):
    """Record an inspection, or come back to an existing one to note when its problems were fixed."""
    facility = get_in_village_for_user(request.user, Facility.objects.select_related("village"), pk, perm="change")
    inspection = get_object_or_404(facility.inspections, pk=inspection_pk) if inspection_pk else None
    form = InspectionForm(request.POST or None, instance=inspection)
    extra = {} if inspection else {"facility": facility, "recorded_by": request.user}
    if request.method == "POST" and save_form(form, by=request.user, **extra):
        messages.success(request, _("检查记录已保存。"))
        return redirect("registry:facility", pk=facility.pk)
    return form_page(
        request, form, title=_("%(facility)s：安全检查") % {"facility": facility},
        back_url=reverse("registry:facility", args=[facility.pk]),
        intro=_("检查设施设备是否定期维护，显著位置是否设有安全警示标志和禁止吸烟标志。"),
    )
