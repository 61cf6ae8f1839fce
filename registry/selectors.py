"""Reads for the organisation at work, always through the access chokepoint in registry.access."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .access import can_change_village, is_station, is_township_wide, offices_of, villages_visible_to
from .data.plan import STATION
from .models import (
    HOTLINE_CACHE_KEY,
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Publicity,
    SocialForce,
    Station,
    Task,
    User,
    Village,
    VillageGroupObjectPermission,
)
from .roles import Role


def get_village_for_user(user, pk, *, perm: str = "view") -> Village:
    """The village `pk`, 404 if `user` may not see it, 403 if they may see but not change it."""
    try:
        village = villages_visible_to(user).get(pk=pk)
    except (Village.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm == "change" and not can_change_village(user, village.pk):
        raise PermissionDenied
    return village


def get_in_village_for_user(user, queryset, pk, *, perm: str = "view"):
    """An object with a `village`: 404 if its village is hidden from `user`, 403 if visible but not changeable."""
    try:
        obj = queryset.filter(village__in=villages_visible_to(user)).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm == "change" and not can_change_village(user, obj.village_id):
        raise PermissionDenied
    return obj


def _director_links(village_ids=None):
    """The change_village permissions held through an active child director's group: a child director of a
    village is an active user with the director role whose group holds change_village on it (what
    `grant_village_access` sets up)."""
    links = VillageGroupObjectPermission.objects.filter(
        permission__codename="change_village", group__user__is_active=True,
        group__user__groups__name=Role.DIRECTOR.value,
    )
    return links if village_ids is None else links.filter(content_object_id__in=village_ids)


def office_codes_with_staff() -> set[str]:
    """The codes of the offices with at least one active member (their group: registry.services.office_group)."""
    from django.contrib.auth.models import Group

    names = Group.objects.filter(name__startswith="office:", user__is_active=True).values_list("name", flat=True)
    return {name.split(":", 1)[1] for name in names.distinct()}


def directors_of(village_ids):
    """The active child directors of any of `village_ids` (a list or a queryset of village pks)."""
    return User.objects.filter(pk__in=_director_links(village_ids).values("group__user")).order_by(
        "real_name", "username"
    )


def directors_by_village(village_ids=None) -> dict:
    """{village pk: [active child directors, with director_profile]} in two queries."""
    pairs = list(_director_links(village_ids).values_list("content_object_id", "group__user").distinct())
    users = {
        user.pk: user
        for user in User.objects.filter(pk__in={u for _v, u in pairs}).select_related("director_profile")
    }
    result = defaultdict(list)
    for village_id, user_id in pairs:
        result[village_id].append(users[user_id])
    for directors in result.values():
        directors.sort(key=lambda u: (u.real_name, u.username))
    return result


def director_counts(village_ids=None) -> dict[int, int]:
    """{village pk: number of active child directors} in one grouped query (villages with none are absent)."""
    return dict(
        _director_links(village_ids).order_by().values_list("content_object_id")
        .annotate(n=Count("group__user", distinct=True))
    )


def meets_director_preference(directors) -> bool:
    """At least one director is a women committee member or the village 妇联 chair [三(三)]."""
    return any(getattr(getattr(u, "director_profile", None), "meets_preference", False) for u in directors)


def flagged_facility_q(today: dt.date | None = None) -> Q:
    """Facilities (annotated by `facilities_with_last_inspection`) that need attention."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=settings.REGISTRY_FACILITY_INSPECTION_DAYS)
    sign_missing = Q(last_safety_sign=False) | Q(last_no_smoking_sign=False)
    # A problem found by the latest inspection (missing sign, equipment not maintained) stays a flag until fixed.
    unfixed_problem = (sign_missing | Q(last_equipment_maintained=False)) & Q(last_fixed_on__isnull=True)
    return Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=limit) | unfixed_problem


def facilities_with_last_inspection(queryset=None):
    """Facilities annotated with their latest inspection's date, equipment upkeep, signs and fix date (one query)."""
    latest = FacilityInspection.objects.filter(facility=OuterRef("pk")).order_by("-inspected_on", "-pk")
    queryset = Facility.objects.all() if queryset is None else queryset
    return queryset.select_related("village").annotate(
        last_inspected_on=Subquery(latest.values("inspected_on")[:1]),
        last_equipment_maintained=Subquery(latest.values("equipment_maintained")[:1]),
        last_safety_sign=Subquery(latest.values("safety_sign_present")[:1]),
        last_no_smoking_sign=Subquery(latest.values("no_smoking_sign_present")[:1]),
        last_fixed_on=Subquery(latest.values("fixed_on")[:1]),
    )


def facilities_visible_to(user):
    return facilities_with_last_inspection(Facility.objects.filter(village__in=villages_visible_to(user)))


def flag_reasons(facility, today: dt.date | None = None) -> list:
    """Why an annotated facility is flagged (Chinese), empty if it is not."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    days = settings.REGISTRY_FACILITY_INSPECTION_DAYS
    reasons = []
    if facility.last_inspected_on is None:
        reasons.append(_("从未检查"))
    elif facility.last_inspected_on < today - dt.timedelta(days=days):
        reasons.append(_("超过 %(days)d 天未检查") % {"days": days})
    unfixed = facility.last_inspected_on and facility.last_fixed_on is None
    if unfixed and not facility.last_equipment_maintained:
        reasons.append(_("设施设备未维护，尚未整改"))
    if unfixed and not (facility.last_safety_sign and facility.last_no_smoking_sign):
        reasons.append(_("缺少警示或禁烟标志，尚未整改"))
    return reasons


def sessions_visible_to(user):
    return FamilyEducationSession.objects.filter(village__in=villages_visible_to(user)).select_related("village")


def publicity_visible_to(user):
    """The publicity of the villages `user` may see, and the township's own (no village), which concerns them all."""
    return Publicity.objects.filter(
        Q(village__in=villages_visible_to(user)) | Q(village__isnull=True)
    ).select_related("village")


def get_publicity_for_change(user, pk) -> Publicity:
    """404 unless `user` sees it; 403 unless they may change its village (the township's own: the station)."""
    item = get_object_or_404(publicity_visible_to(user), pk=pk)
    if not (is_station(user) if item.village_id is None else can_change_village(user, item.village_id)):
        raise PermissionDenied
    return item


def social_forces_visible_to(user):
    """Township-wide roles see every social force; a child director those serving their villages."""
    forces = SocialForce.objects.all()
    if not is_township_wide(user):
        forces = forces.filter(villages_served__in=villages_visible_to(user)).distinct()
    forces = forces.annotate(activity_count=Count("activities", distinct=True)).order_by("name", "pk")
    return forces.prefetch_related("villages_served")


def tasks_visible_to(user):
    """Township-wide roles: every task; office staff: their offices' tasks; directors: their villages' tasks."""
    tasks = Task.objects.select_related("office", "village")
    if is_township_wide(user):
        return tasks
    return tasks.filter(Q(office__in=offices_of(user)) | Q(village__in=villages_visible_to(user)))


def can_update_task(user, task: Task) -> bool:
    """The station, and the office or village the task is assigned to, may record progress."""
    if is_station(user):
        return True
    if task.office_id:
        return offices_of(user).filter(pk=task.office_id).exists()
    return can_change_village(user, task.village_id)


def get_task_for_user(user, pk) -> Task:
    try:
        return tasks_visible_to(user).get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def hotline_display() -> str:
    """The township's hotline as every page shows it (023-70630963): the station's number, the plan's before a
    station exists. Read once per five minutes per process, and again at once after the station is saved here."""

    def read() -> str:
        return (Station.objects.first() or Station(hotline=STATION["hotline"])).hotline_display

    return cache.get_or_set(HOTLINE_CACHE_KEY, read, 300)
