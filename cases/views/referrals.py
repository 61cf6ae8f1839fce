"""帮扶转介: referring a child to an office, and the office's inbox (minimum child data, never the full file); the
station re-routes (改派) or withdraws (撤回) a referral."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.services import log_access
from registry.access import is_station, is_township_wide, require_roles
from registry.roles import Role

from .. import services
from ..exports import referral_ledger
from ..forms import OfficeField, ReferralForm, ReferralResponseForm, ReferralReturnForm
from ..models import Referral
from ..selectors import (
    can_change_child,
    get_child_for_user,
    get_referral_for_user,
    handles_referral,
    referral_list_for,
)
from .casework import _form_page, _run

PAGE_SIZE = 50


class RerouteForm(ReferralReturnForm):
    """改派: the new office, a reason and the version the page showed (kept here: cases/forms.py is shared)."""

    office = OfficeField(label=gettext_lazy("改派至"))
    field_order = ["office", "reason", "version"]


def _station_forms(referral: Referral, data=None, action: str = "") -> dict:
    """The station's re-route and withdraw forms, the one of the posted `action` bound to `data`."""
    initial = {"version": referral.version}
    return {
        "reroute_form": RerouteForm(data if action == "reroute" else None, initial=initial, auto_id="reroute_%s"),
        "withdraw_form": ReferralReturnForm(data if action == "withdraw" else None, initial=initial,
                                            auto_id="withdraw_%s"),
    }


def _station_acts(user, referral: Referral) -> bool:
    return is_station(user) and referral.status in (Referral.Status.PENDING, Referral.Status.RETURNED)


@login_required
def referral_create(request, pk: int):
    child = get_child_for_user(request.user, pk, perm="change")
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.filed_once(by=request.user, child=child)
        if _run(form, lambda: services.create_referral(by=request.user, child=child, require_staff=True, **data)):
            messages.success(request, _("已转介，接收部门会收到通知。"))
            return redirect("cases:child_detail", pk=child.pk)
    return _form_page(request, child, form, title=_("帮扶转介"))


@login_required
@require_roles(Role.LEADERSHIP, Role.STATION, Role.DIRECTOR, Role.OFFICE)
def referral_list(request):
    """Office staff: their office's inbox. Station, leadership, directors: referrals of the children they see."""
    status = request.GET.get("status", "open")
    referrals, inbox = referral_list_for(request.user, status)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/referral_list.html", {
        "page": page, "inbox": inbox, "status": status, "statuses": Referral.Status.choices,
    })


@login_required
@require_roles(Role.LEADERSHIP, Role.STATION, Role.DIRECTOR, Role.OFFICE)
def referral_export(request):
    """帮扶转介台账 as xlsx: the rows of the referral list (same scope, same status filter, every page), with the
    same minimum child data (name, age, village); logged with the children's ids."""
    exported = []  # filled while the file is written: the log names exactly the children in it
    response = referral_ledger(referral_list_for(request.user, request.GET.get("status", "open"))[0], exported=exported)
    log_access(request, action=AccessLog.Action.EXPORT, object_type="child", ids=sorted(set(exported)),
               detail="referral ledger")
    return response


@login_required
def referral_detail(request, pk: int):
    referral = get_referral_for_user(request.user, pk)
    handles = handles_referral(request.user, referral)
    # The page names the child (age, village) and says why it was referred: a view of the child's file.
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[referral.child_id],
               detail=f"referral {referral.pk}")
    return render(request, "cases/referral_detail.html", {
        "referral": referral,
        "handles": handles,
        "full_access": not handles or is_township_wide(request.user),
        "can_change_child": can_change_child(request.user, referral.child),
        "response_form": ReferralResponseForm(initial={"response": referral.response, "version": referral.version}),
        "return_form": ReferralReturnForm(initial={"version": referral.version}),
        "reminders": referral.reminders.filter(sent_at__isnull=False).order_by("sent_at"),
        "station_acts": _station_acts(request.user, referral),
        **_station_forms(referral),
    })



@login_required
@require_POST
def referral_action(request, pk: int, action: str):
    """The receiving office accepts, answers, completes or returns (with a reason) a referral."""
    referral = get_referral_for_user(request.user, pk)
    if not handles_referral(request.user, referral):
        raise PermissionDenied
    response_form = ReferralResponseForm(request.POST if action != "return" else None)
    return_form = ReferralReturnForm(request.POST if action == "return" else None)
    form = return_form if action == "return" else response_form
    if form.is_valid():
        data = form.cleaned_data
        mine = {"by": request.user, "referral": referral, "version": data["version"]}
        calls = {
            "accept": lambda: services.accept_referral(**mine),
            "respond": lambda: services.respond_to_referral(**mine, response=data["response"]),
            "complete": lambda: services.complete_referral(**mine, response=data["response"]),
            "return": lambda: services.return_referral(**mine, reason=data["reason"]),
        }
        if _run(form, calls[action]):
            if action == "respond":  # the status stays as it was: what was saved is the reply
                messages.success(request, _("办理回复已保存。"))
            else:
                messages.success(request, _("已更新转介：%(status)s。") % {"status": referral.get_status_display()})
            return redirect("cases:referral_detail", pk=referral.pk)
    referral.refresh_from_db()
    return render(request, "cases/referral_detail.html", {
        "referral": referral, "handles": True, "full_access": is_township_wide(request.user),
        "can_change_child": can_change_child(request.user, referral.child),
        "response_form": response_form if action != "return" else ReferralResponseForm(
            initial={"response": referral.response, "version": referral.version}),
        "return_form": return_form if action == "return" else ReferralReturnForm(initial={"version": referral.version}),
    }, status=400)


@login_required
@require_roles(Role.STATION)
@require_POST
def referral_station_action(request, pk: int, action: str):
    """The station re-routes (改派, to another office) or withdraws (撤回) a pending or returned referral."""
    referral = get_referral_for_user(request.user, pk)
    station_forms = _station_forms(referral, request.POST, action)
    form = station_forms[f"{action}_form"]
    if form.is_valid():
        data = form.cleaned_data
        mine = {"by": request.user, "referral": referral, "version": data["version"], "reason": data["reason"]}
        calls = {
            "reroute": lambda: services.reroute_referral(**mine, office=data["office"]),
            "withdraw": lambda: services.withdraw_referral(**mine),
        }
        if _run(form, calls[action]):
            if action == "reroute":
                messages.success(request, _("已改派至%(office)s，该部门会收到通知。") % {"office": referral.office})
            else:
                messages.success(request, _("已撤回该转介。"))
            return redirect("cases:referral_detail", pk=referral.pk)
    referral.refresh_from_db()
    return render(request, "cases/referral_detail.html", {
        "referral": referral, "handles": False, "full_access": True,
        "can_change_child": can_change_child(request.user, referral.child),
        "station_acts": True, **station_forms,  # shown even if no longer allowed: the error and the input stay
    }, status=400)
