"""Village workrooms, child directors and social forces (issue 6)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import can_change_village, is_station, is_township_wide, require_roles, villages_visible_to
from .compliance import compliance_by_village, monday_of, weeks_for_village
from .forms_work import DirectorProfileForm, SocialActivityForm, SocialForceForm, WorkroomForm
from .models import DirectorProfile, SocialForce, User, Workroom
from .roles import Role
from .selectors import (
    directors_by_village,
    facilities_with_last_inspection,
    flagged_facility_q,
    get_village_for_user,
    meets_director_preference,
    social_forces_visible_to,
)
from .views_common import form_page, paginate, save_form

VILLAGE_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)


@login_required
@require_roles(*VILLAGE_ROLES)
def overview(request):
    """Per village: workroom, child directors and the plan's preference, flagged facilities, last week's sessions."""
    page = paginate(request, villages_visible_to(request.user).select_related("workroom"))
    villages = list(page.object_list)
    ids = [v.pk for v in villages]
    directors = directors_by_village(ids)
    flagged = dict(
        facilities_with_last_inspection()
        .filter(village_id__in=ids, is_active=True)
        .filter(flagged_facility_q())
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    last_monday = monday_of(timezone.localdate()) - dt.timedelta(weeks=1)
    weeks = compliance_by_village(villages=villages, mondays=[last_monday])
    rows = [
        {
            "village": v,
            "workroom": getattr(v, "workroom", None),
            "directors": directors.get(v.pk, []),
            "meets_preference": meets_director_preference(directors.get(v.pk, [])),
            "flagged_facilities": flagged.get(v.pk, 0),
            "last_week": weeks[v.pk][0],
        }
        for v in villages
    ]
    without_director = []
    if is_township_wide(request.user):
        with_director = directors_by_village().keys()
        without_director = list(villages_visible_to(request.user).exclude(pk__in=list(with_director)))
    return render(
        request, "registry/work_overview.html",
        {
            "page": page, "rows": rows, "without_director": without_director,
            "can_edit_profiles": is_station(request.user),
        },
    )


@login_required
@require_roles(*VILLAGE_ROLES)
def workroom_detail(request, village_pk: int):
    village = get_village_for_user(request.user, village_pk)
    workroom = Workroom.objects.filter(village=village).prefetch_related("volunteers").first()
    directors = directors_by_village([village.pk]).get(village.pk, [])
    return render(request, "registry/workroom_detail.html", {
        "village": village,
        "workroom": workroom,
        "directors": directors,
        "meets_preference": meets_director_preference(directors),
        "weeks": weeks_for_village(village=village),
        "can_change": can_change_village(request.user, village.pk),
        "can_edit_profiles": is_station(request.user),
    })


@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def workroom_edit(request, village_pk: int):
    village = get_village_for_user(request.user, village_pk, perm="change")
    workroom = Workroom.objects.filter(village=village).first() or Workroom(village=village)
    form = WorkroomForm(request.POST or None, instance=workroom)
    if request.method == "POST" and save_form(form, by=request.user):
        messages.success(request, _("工作室信息已保存。"))
        return redirect("registry:workroom", village_pk=village.pk)
    return form_page(
        request, form, title=_("%(village)s未成年人保护工作室") % {"village": village},
        back_url=reverse("registry:workroom", args=[village.pk]),
    )


@login_required
@require_roles(Role.STATION)
def director_profile_edit(request, user_pk: int):
    director = get_object_or_404(User, pk=user_pk, groups__name=Role.DIRECTOR.value)
    profile = DirectorProfile.objects.filter(user=director).first() or DirectorProfile(user=director)
    form = DirectorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and save_form(form, by=request.user):
        messages.success(request, _("儿童主任信息已保存。"))
        return redirect("registry:work_overview")
    return form_page(
        request, form, title=_("儿童主任：%(name)s") % {"name": director},
        back_url=reverse("registry:work_overview"),
        intro=_("方案要求优先由村(居)委会女性委员或村(社区)妇联主席担任儿童主任（仅作提示，不影响任命）。"),
    )


@login_required
@require_roles(*VILLAGE_ROLES)
def social_force_list(request):
    page = paginate(request, social_forces_visible_to(request.user))
    return render(request, "registry/social_force_list.html", {"page": page, "can_edit": is_station(request.user)})


def _get_force(user, pk) -> SocialForce:
    try:
        return social_forces_visible_to(user).get(pk=pk)
    except (SocialForce.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@login_required
@require_roles(*VILLAGE_ROLES)
def social_force_detail(request, pk: int):
    force = _get_force(request.user, pk)
    activities = force.activities.select_related("village")
    if not is_township_wide(request.user):
        activities = activities.filter(village__in=villages_visible_to(request.user))
    return render(request, "registry/social_force_detail.html", {
        "force": force, "page": paginate(request, activities), "can_edit": is_station(request.user),
        "activity_form": SocialActivityForm() if is_station(request.user) else None,
    })


@login_required
@require_roles(Role.STATION)
def social_force_edit(request, pk: int | None = None):
    force = get_object_or_404(SocialForce, pk=pk) if pk else SocialForce()
    form = SocialForceForm(request.POST or None, instance=force)
    if request.method == "POST" and save_form(form, by=request.user):
        messages.success(request, _("社会力量信息已保存。"))
        return redirect("registry:social_force", pk=form.instance.pk)
    back = reverse("registry:social_force", args=[pk]) if pk else reverse("registry:social_forces")
    return form_page(request, form, title=_("社会力量"), back_url=back)


@login_required
@require_roles(Role.STATION)
def social_activity_add(request, pk: int):
    force = get_object_or_404(SocialForce, pk=pk)
    form = SocialActivityForm(request.POST or None)
    if request.method == "POST" and save_form(form, by=request.user, force=force, recorded_by=request.user):
        messages.success(request, _("活动记录已保存。"))
        return redirect("registry:social_force", pk=force.pk)
    return form_page(
        request, form, title=_("%(name)s：新增活动记录") % {"name": force},
        back_url=reverse("registry:social_force", args=[force.pk]),
    )
