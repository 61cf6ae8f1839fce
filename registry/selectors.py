"""Reads for the organisation at work, always through the access chokepoint in registry.access."""

import datetime as dt
from collections import Counter, defaultdict

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
    Office,
    OfficeGroupObjectPermission,
    OfficeUserObjectPermission,
    Publicity,
    SocialForce,
    Station,
    Task,
    User,
    Village,
    VillageGroupObjectPermission,
    VillageUserObjectPermission,
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


def _grants(role: Role, codename: str, user_perms, group_perms, object_ids=None) -> tuple:
    """The django-guardian rows by which an active user with `role` holds the permission `codename` on an object:
    (given to them alone, held through one of their groups). The rule registry.access applies to one user (roles_of,
    then the object permissions), read for everyone at once. `object_ids`: a list or a queryset of pks."""
    holders = User.objects.filter(is_active=True, groups__name=role.value).values("pk")
    direct = user_perms.objects.filter(permission__codename=codename, user__in=holders)
    through_group = group_perms.objects.filter(permission__codename=codename, group__user__in=holders)
    if object_ids is not None:
        direct = direct.filter(content_object_id__in=object_ids)
        through_group = through_group.filter(content_object_id__in=object_ids)
    return direct, through_group


def _director_grants(village_ids=None) -> tuple:
    """A child director of a village is an active user with the director role who holds change_village on it:
    through a group (what `grant_village_access` sets up: the village's group) or alone (the village admin's object
    permissions page). Exactly they may change its records (registry.access.villages_changeable_by)."""
    return _grants(Role.DIRECTOR, "change_village", VillageUserObjectPermission, VillageGroupObjectPermission,
                   village_ids)


def _staff_grants(office_ids=None) -> tuple:
    """Office staff are the active users with the office role who hold view_office on the office: through a group
    (what `grant_office_access` sets up: the office's group) or alone. Exactly they see its referrals and tasks
    (registry.access.offices_of)."""
    return _grants(Role.OFFICE, "view_office", OfficeUserObjectPermission, OfficeGroupObjectPermission, office_ids)


def _holders(grants: tuple):
    """The users holding `grants` (a queryset: one subquery)."""
    direct, through_group = grants
    return User.objects.filter(pk__in=through_group.values("group__user").union(direct.values("user")))


def _links(grants: tuple):
    """(object pk, user pk), distinct, of `grants`."""
    direct, through_group = grants
    return through_group.values_list("content_object_id", "group__user").union(
        direct.values_list("content_object_id", "user")
    )


def _holders_by_object(grants: tuple, *related) -> dict:
    """{object pk: [users holding `grants` on it, sorted by name]} in two queries."""
    pairs = list(_links(grants))
    users = User.objects.select_related(*related).in_bulk({user for _object, user in pairs})
    result = defaultdict(list)
    for object_id, user_id in pairs:
        result[object_id].append(users[user_id])
    for people in result.values():
        people.sort(key=lambda u: (u.real_name, u.username))
    return result


def office_codes_with_staff() -> set[str]:
    """The codes of the offices with at least one member of staff (`staff_of`)."""
    offices = {office for office, _user in _links(_staff_grants())}
    return set(Office.objects.filter(pk__in=offices).values_list("code", flat=True))


def directors_of(village_ids):
    """The active child directors of any of `village_ids` (a list or a queryset of village pks)."""
    return _holders(_director_grants(village_ids)).order_by("real_name", "username")


def staff_of(office_ids):
    """The active staff of any of `office_ids` (a list or a queryset of office pks)."""
    return _holders(_staff_grants(office_ids)).order_by("real_name", "username")


def station_users():
    """Who receives the station's notices: its active accounts or, while it has none, the leadership group's (a
    mandatory report, a closure request, a reminder nobody else may act on must reach someone)."""
    station = User.objects.filter(groups__name=Role.STATION.value, is_active=True)
    return station if station.exists() else User.objects.filter(groups__name=Role.LEADERSHIP.value, is_active=True)


def directors_by_village(village_ids=None) -> dict:
    """{village pk: [active child directors, with director_profile]} in two queries."""
    return _holders_by_object(_director_grants(village_ids), "director_profile")


def staff_by_office(office_ids=None) -> dict:
    """{office pk: [its active staff]} in two queries."""
    return _holders_by_object(_staff_grants(office_ids))


def director_counts(village_ids=None) -> dict[int, int]:
    """{village pk: number of active child directors} in one query (villages with none are absent)."""
    return dict(Counter(village for village, _user in _links(_director_grants(village_ids))))


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
