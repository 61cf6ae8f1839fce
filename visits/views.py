"""Home-visit pages. Every object goes through the access chokepoint (cases.selectors, registry.access)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.models import AccessLog
from audit.selectors import history_for
from audit.services import log_access
from cases.selectors import get_child_for_user
from registry.access import (
    can_change_village,
    is_station,
    is_township_wide,
    require_roles,
    villages_changeable_by,
    villages_visible_to,
)
from registry.models import User
from registry.roles import Role
from registry.selectors import directors_of
from zhanpu.drafts import saved_response

from .exports import ledger_response
from .forms import HomeVisitCorrectionForm, HomeVisitForm, LedgerFilterForm, VisitPolicyForm
from .models import HomeVisit, VisitPhoto
from .photos import is_photo_size, sized_photo_response
from .selectors import due_children_for, max_days_by_tier, village_due_summary, visit_ledger_for, visits_visible_to
from .services import correct_visit, record_visit, set_visit_policy

CASE_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)
PAGE_SIZE = 50


def _get_visit_for_user(user, pk) -> HomeVisit:
    """The visit `pk` if the user may see its child, else 404."""
    try:
        return visits_visible_to(user).select_related("child__village", "recorded_by").get(pk=pk)
    except HomeVisit.DoesNotExist:
        raise Http404 from None


def _param(request, name: str, queryset):
    """The object of `queryset` (what the user may see) named by ?<name>=, None when absent; 404 otherwise."""
    value = request.GET.get(name)
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        raise Http404
    return get_object_or_404(queryset, pk=value)


def _village_param(request):
    return _param(request, "village", villages_visible_to(request.user))


def _director_param(request):
    """A child director of a village the user may see, or one who has left it but is still named responsible for
    one of its children (whose children the station must hand to someone else)."""
    villages = villages_visible_to(request.user).values("pk")
    people = User.objects.filter(
        Q(pk__in=directors_of(villages).values("pk")) | Q(children_in_charge__village__in=villages))
    return _param(request, "director", people.distinct())


@login_required
@require_roles(*CASE_ROLES)
def due_list(request):
    """My visits (a child director) or the township's due list (station, leadership), overdue first."""
    village, director = _village_param(request), _director_param(request)
    only = request.GET.get("only", "")
    children = due_children_for(request.user, village=village, director=director, only=only)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    # villages whose children the user may file visits for (the station: every village, no query)
    changeable = None if is_station(request.user) else set(villages_changeable_by(request.user).values_list(
        "pk", flat=True))
    kept = urlencode({name: obj.pk for name, obj in (("village", village), ("director", director)) if obj})
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "visits/due_list.html", {
        "page": page, "village": village, "director": director, "only": only, "changeable": changeable,
        "kept": kept, "is_director": request.user.has_role(Role.DIRECTOR),
        "query": f"{params.urlencode()}&" if params else "",
        "township_wide": is_township_wide(request.user),
    })


@login_required
@require_roles(Role.LEADERSHIP, Role.STATION)
def village_summary(request):
    """Per-village open, overdue and due-soon counts for the station and the leadership group."""
    return render(request, "visits/summary.html", {
        "villages": village_due_summary(request.user), "ledger_form": LedgerFilterForm(),
    })


@login_required
@require_roles(*CASE_ROLES)
def child_visits(request, pk: int):
    """One child's visit history and schedule."""
    child = get_child_for_user(request.user, pk)
    page = Paginator(child.visits.select_related("recorded_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[child.pk], detail="visits")
    can_change = can_change_village(request.user, child.village_id)
    return render(request, "visits/child_visits.html", {"child": child, "page": page, "can_change": can_change})


@never_cache
@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def visit_new(request, pk: int):
    """File a home visit from a phone, through static/js/drafts.js (nothing typed is lost on a weak connection)."""
    child = get_child_for_user(request.user, pk, perm="change")
    if request.method == "POST":
        form = HomeVisitForm(request.POST, request.FILES, child=child)
        if form.is_valid():
            try:
                visit = record_visit(by=request.user, child=child, **form.filed_once(by=request.user, child=child))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("家访记录已保存，下次家访截止日期：%(due)s。") % {
                    "due": visit.child.next_visit_due or "—"})
                if visit.risk_changed:
                    messages.warning(request, _("本次家访发现风险状况有变化：请尽快重新评估该儿童的风险等级。"))
                return saved_response(request, reverse("visits:child", args=[child.pk]) + f"?saved={visit.pk}")
    else:
        form = HomeVisitForm(child=child, initial={"visitors": str(request.user)})
    return render(request, "visits/visit_form.html", {"child": child, "form": form})


@login_required
@require_roles(*CASE_ROLES)
def visit_detail(request, pk: int):
    visit = _get_visit_for_user(request.user, pk)
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[visit.child_id], detail=f"visit {pk}")
    history = history_for(visit) if is_station(request.user) else None
    can_correct = can_change_village(request.user, visit.child.village_id)
    return render(request, "visits/visit_detail.html", {"visit": visit, "history": history,
                                                        "can_correct": can_correct})


@never_cache
@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def visit_edit(request, pk: int):
    """Correct a filed visit: its village's director or the station (404 for a visit the user cannot see)."""
    visit = _get_visit_for_user(request.user, pk)
    if not can_change_village(request.user, visit.child.village_id):
        raise PermissionDenied
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[visit.child_id],
               detail=f"visit {pk} edit")
    form = HomeVisitCorrectionForm(request.POST or None, request.FILES or None, instance=visit, child=visit.child,
                                   initial={"version": visit.version})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in HomeVisitForm.Meta.fields}
        try:
            correct_visit(by=request.user, visit=visit, version=form.cleaned_data["version"],
                          photos=form.cleaned_data["photos"], remove_photos=form.cleaned_data["remove_photos"],
                          **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("家访记录已更正。"))
            return redirect("visits:detail", pk=visit.pk)
    return render(request, "visits/visit_edit.html", {"visit": visit, "form": form})


@never_cache
@login_required
@require_roles(*CASE_ROLES)
def visit_photo(request, pk: int, size: str | None = None):
    """A visit's photo (`pk`: the photo's), served only through this access check (media files are not public): the
    original, or with `size` (thumb, view) a smaller JPEG made from it (visits/photos.py); another `size`: 404."""
    if size is not None and not is_photo_size(size):
        raise Http404
    photo = get_object_or_404(VisitPhoto.objects.filter(visit__in=visits_visible_to(request.user))
                              .select_related("visit"), pk=pk)
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[photo.visit.child_id],
               detail=f"photo {pk} of visit {photo.visit_id}")
    if size is not None:
        return sized_photo_response(photo, size)
    return FileResponse(photo.image.open("rb"))


@login_required
@require_roles(*CASE_ROLES)
def ledger_export(request):
    """入户走访记录台账 as xlsx: only visits of children the user may see; logged with the children's ids."""
    # A refusal goes back to the page that links here: the village summary with its date form (station, leadership),
    # or the due list (a child director).
    back = "visits:summary" if is_township_wide(request.user) else "visits:due"
    form = LedgerFilterForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("__all__", [])) or _("日期格式不正确。"))
        return redirect(back)
    village = _village_param(request)
    visits = visit_ledger_for(
        request.user, village=village, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
    )
    count, limit = visits.count(), settings.VISIT_EXPORT_MAX_ROWS
    if count > limit:  # a township's whole year is about a million visits: far past what a request can write
        messages.error(request, _("导出的记录太多（%(n)s 条，最多 %(max)s 条）：请缩小日期范围或按村(社区)导出。")
                       % {"n": f"{count:,}", "max": f"{limit:,}"})
        return redirect(back)
    exported = set()  # filled while the file is written: the log names exactly the children in it
    response = ledger_response(visits, exported=exported)
    log_access(request, action=AccessLog.Action.EXPORT, object_type="child", ids=sorted(exported),
               detail="visit ledger")
    return response


@login_required
@require_roles(Role.STATION)
def policy_edit(request):
    """The station's tier → maximum days between visits; a change re-plans that tier's open children in bulk."""
    form = VisitPolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        days = {tier: value for tier, value in form.cleaned_data.items() if tier != "seen"}
        try:
            changed = set_visit_policy(by=request.user, max_days=days, seen=form.cleaned_data["seen"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("家访频率已更新，相关等级的在册儿童已重新排期。"))
            else:
                messages.info(request, _("家访频率没有变化。"))
            return redirect("visits:policy")
    return render(request, "visits/policy.html", {"form": form, "current": max_days_by_tier()})
