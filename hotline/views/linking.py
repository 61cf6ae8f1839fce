"""Linking a call to a child: the search (logged, minimal results), the link, and the intake the station decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.services import log_access
from cases.forms import GuardianFormSet, guardian_values
from cases.models import Child
from cases.services import DuplicateChild
from registry.access import require_roles
from registry.roles import Role

from .. import services
from ..forms import ChildSearchForm, DismissForm, IntakeForm, RegisterChildForm, apply_errors
from ..models import CallIntake
from ..selectors import get_call_for_user, match_children, open_intakes


@login_required
def child_search(request, pk: int):
    """Likely matches for the child named on the call: name, birth year and village only, and the search logged.

    The search is a POST so that the child's name never appears in a URL (server logs, browser history).
    """
    call = get_call_for_user(request.user, pk, perm="change")
    form = ChildSearchForm(request.POST or None)
    matches = None
    if form.is_valid():
        matches = match_children(**form.cleaned_data)
        ids = [match["id"] for match in matches]
        log_access(request, action=AccessLog.Action.SEARCH, object_type="child", ids=ids,
                   detail=f"hotline_call:{call.pk}")
        request.session[_offered_key(call)] = ids
    intake_form = IntakeForm(initial={
        "name": form.cleaned_data.get("name"), "birth_year": form.cleaned_data.get("birth_year"),
        "village": form.cleaned_data.get("village"),
    } if form.is_valid() else None)
    return render(request, "hotline/link.html", {
        "call": call, "form": form, "matches": matches, "intake_form": intake_form,
        "has_intake": hasattr(call, "intake"),
    })


def _posted_id(request, name: str) -> int:
    """The record number posted as `name`; 0 (no record) for anything but a number."""
    try:
        return int(request.POST.get(name) or 0)
    except ValueError:
        return 0


def _offered_key(call) -> str:
    """Where the session keeps the children the last search for `call` offered: the only ones it may be linked to."""
    return f"hotline-link-offered:{call.pk}"


@login_required
@require_POST
def child_link(request, pk: int):
    """Link the call to a child its search offered (by name, logged): never to any file by its number."""
    call = get_call_for_user(request.user, pk, perm="change")
    offered = request.session.get(_offered_key(call), [])
    chosen = _posted_id(request, "child")
    if chosen not in offered:
        messages.error(request, _("请先查找儿童，再从查找结果中选择。"))
        return redirect("hotline:link", pk=call.pk)
    services.link_child(call=call, child=get_object_or_404(Child, pk=chosen))
    del request.session[_offered_key(call)]
    messages.success(request, _("来电已关联到儿童档案。"))
    return redirect("hotline:detail", pk=call.pk)


@login_required
@require_POST
def intake_open(request, pk: int):
    call = get_call_for_user(request.user, pk, perm="change")
    form = IntakeForm(request.POST)
    if form.is_valid():
        try:
            services.open_intake(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已提交建档申请，等待工作站处理。"))
            return redirect("hotline:detail", pk=call.pk)
    return render(request, "hotline/link.html", {
        "call": call, "form": ChildSearchForm(), "matches": None, "intake_form": form,
        "has_intake": hasattr(call, "intake"),
    }, status=400)


@login_required
@require_roles(Role.STATION)
def intake_list(request):
    page = Paginator(open_intakes(), 50).get_page(request.GET.get("page"))
    return render(request, "hotline/intake_list.html", {"page": page})


def _open_intake(pk) -> CallIntake:
    return get_object_or_404(open_intakes(), pk=pk)


def _decided_by(request, pk, status: str, posted) -> CallIntake | None:
    """For a decision sent again after its answer was lost (a double tap, a phone resending): the intake `pk` as
    `request.user` already decided it (`status`), when `posted(intake)` says the decision is the one sent again, to
    be answered as the first sending was. None otherwise: someone else's decision, or another one, is refused as
    before (404 from _open_intake, as for an intake never seen)."""
    if request.method != "POST":
        return None
    intake = CallIntake.objects.filter(pk=pk, status=status, decided_by=request.user).select_related("child").first()
    return intake if intake is not None and posted(intake) else None


def _registered_as_posted(request, intake: CallIntake) -> bool:
    """Whether the child's file the intake was registered as has the name and birth date posted."""
    form = RegisterChildForm(request.POST, user=request.user)

    def posted(name):
        try:
            return form.fields[name].clean(form[name].data)
        except ValidationError:
            return None

    child = intake.child
    return child is not None and (child.name, child.birth_date) == (posted("name"), posted("birth_date"))


def _register_forms(request, intake: CallIntake, data=None) -> tuple[RegisterChildForm, GuardianFormSet]:
    """The child's file, pre-filled from the intake, and its guardians (as on cases' registration page).

    No guardian row is pre-filled from the call: it records the caller's relation and number but no name, "家长" does
    not say father or mother, and a parent who phones is not always a guardian.
    """
    # Why the file is opened (处理依据), as the call gave it: the station reads and completes it
    basis = _("热线来电 #%(number)s 反映：%(details)s") if intake.details else _("热线来电 #%(number)s 反映。")
    basis %= {"number": intake.call_id, "details": intake.details}
    form = RegisterChildForm(data, initial={"name": intake.name, "village": intake.village, "lawful_basis": basis},
                             user=request.user)
    return form, GuardianFormSet(data, prefix="guardians")


@login_required
@require_roles(Role.STATION)
def intake_register(request, pk: int):
    """The station opens the child's file from the intake (cases.services.register_child, which refuses duplicates).
    The same file sent again by the user who opened it is answered as the first sending was."""
    if done := _decided_by(request, pk, CallIntake.Status.REGISTERED,
                           lambda intake: _registered_as_posted(request, intake)):
        messages.success(request, _("已建立儿童档案，来电已关联。"))
        return redirect("hotline:detail", pk=done.call_id)
    intake = _open_intake(pk)
    form, formset = _register_forms(request, intake, request.POST or None)
    duplicate = None
    # Both validated, so that a bad guardian row is shown together with the child's own errors.
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            services.register_intake(
                intake=intake, by=request.user, categories=list(form.cleaned_data["categories"]),
                guardians=guardian_values(formset), **form.service_fields(),
            )
        except DuplicateChild as exc:
            duplicate = exc.existing
            form.add_error("id_number", exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已建立儿童档案，来电已关联。"))
            return redirect("hotline:detail", pk=intake.call_id)
    return render(request, "hotline/intake_register.html", {
        "intake": intake, "form": form, "formset": formset, "duplicate": duplicate, "dismiss_form": DismissForm(),
    })


@login_required
@require_roles(Role.STATION)
@require_POST
def intake_link_existing(request, pk: int):
    """The intake's child is on file already (a duplicate found at registration): link the call to that file. Sent
    again by the user who linked it to that file, answered as the first sending was."""
    chosen = _posted_id(request, "child")
    if done := _decided_by(request, pk, CallIntake.Status.REGISTERED, lambda intake: intake.child_id == chosen):
        messages.success(request, _("该儿童已有档案，来电已关联到原档案。"))
        return redirect("hotline:detail", pk=done.call_id)
    intake = _open_intake(pk)
    child = get_object_or_404(Child, pk=chosen)
    try:
        services.link_intake_to_existing(intake=intake, by=request.user, child=child)
    except ValidationError as error:  # a colleague decided the intake meanwhile: the call shows how
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("该儿童已有档案，来电已关联到原档案。"))
    return redirect("hotline:detail", pk=intake.call_id)


@login_required
@require_roles(Role.STATION)
@require_POST
def intake_dismiss(request, pk: int):
    """不予建档, with its reason. Sent again by the user who dismissed it, with that reason, answered as the first
    sending was."""
    form = DismissForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else None
    if _decided_by(request, pk, CallIntake.Status.DISMISSED, lambda intake: intake.dismiss_reason == reason):
        messages.success(request, _("建档申请已处理：不予建档。"))
        return redirect("hotline:intakes")
    intake = _open_intake(pk)
    if form.is_valid():
        try:
            services.dismiss_intake(intake=intake, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:  # a colleague decided the intake meanwhile: refused, the reason kept
            apply_errors(form, error)
        else:
            messages.success(request, _("建档申请已处理：不予建档。"))
            return redirect("hotline:intakes")
    register_form, formset = _register_forms(request, intake)
    return render(request, "hotline/intake_register.html", {
        "intake": intake, "form": register_form, "formset": formset, "duplicate": None, "dismiss_form": form,
    }, status=400)
