"""Logging a call, its page, corrections, callback, closing and the logged reveal of the caller's number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.selectors import history_for
from audit.services import log_access, reveal_response
from cases.selectors import can_change_child, children_visible_to
from registry.access import is_station, require_roles
from registry.privacy import mask_phone
from registry.roles import Role
from registry.validators import normalize_phone, validate_phone
from zhanpu.drafts import saved_response

from .. import services
from ..forms import (
    CallbackForm,
    CallForm,
    ChildSearchForm,
    CloseForm,
    FeedbackForm,
    IntakeForm,
    InvalidCallForm,
    apply_errors,
    local_now,
)
from ..models import HotlineCall, caller_phone_hash
from ..selectors import calls_from_number, can_give_feedback, can_log_calls, can_reveal_caller_phone, get_call_for_user

SAME_NUMBER_SHOWN = 5  # the most recent calls from the caller's number listed; the count covers them all
INVALID_TYPES = [(value, label) for value, label in HotlineCall.CallType.choices if value.startswith("invalid_")]


@login_required
@require_roles(Role.HOTLINE, Role.STATION)
def call_new(request):
    form = CallForm(request.POST or None, initial={"received_at": local_now()})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.log_call(
                by=request.user, categories=list(form.cleaned_data["categories"]), **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("来电已登记。"))
            # through static/js/drafts.js: nothing typed is lost to a dropped connection or an expired login
            return saved_response(request, reverse("hotline:detail", args=[call.pk]))
    invalid = [(InvalidCallForm(initial={"call_type": value}), label, _("确认登记为“%(kind)s”？") % {"kind": label})
               for value, label in INVALID_TYPES]
    return render(request, "hotline/call_form.html", {"form": form, "invalid_types": invalid, "creating": True})


@login_required
@require_roles(Role.HOTLINE, Role.STATION)
@require_POST
def call_invalid(request):
    """Two clicks: the sub-kind's button on the logging page, then the confirmation. Its key sent again (a double
    tap) logs one call."""
    form = InvalidCallForm(request.POST)
    try:
        call = services.log_invalid_call(by=request.user, call_type=request.POST.get("call_type", ""),
                                         submission_key=form.submission_key_for(request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已登记：%(kind)s。") % {"kind": call.get_call_type_display()})
    return redirect("hotline:new")


def _same_number(user, phone_hash: str, **exclude) -> dict:
    """The calls `user` may see from one number: how many, and the most recent ones (two queries at most)."""
    calls = calls_from_number(user, phone_hash, **exclude)
    shown = list(calls[:SAME_NUMBER_SHOWN])
    return {"same_number": shown, "same_number_count": len(shown) if len(shown) < SAME_NUMBER_SHOWN else calls.count()}


def _detail_context(request, call, **forms):
    loggable = can_log_calls(request.user) and call.status != HotlineCall.Status.CLOSED
    intake = getattr(call, "intake", None)
    context = {
        "call": call,
        "masked_phone": mask_phone(call.caller_phone),
        "can_reveal": bool(call.caller_phone) and can_reveal_caller_phone(request.user),
        "can_change": can_log_calls(request.user),
        "intake": intake,
        "is_station": is_station(request.user),
        "reports_harm": any(category.is_harm for category in call.categories.all()),
        "reminders": call.reminders.filter(sent_at__isnull=False).order_by("sent_at"),
        **_same_number(request.user, call.caller_phone_hash, exclude_pk=call.pk),
    }
    if call.child_id and children_visible_to(request.user).filter(pk=call.child_id).exists():
        context["child_url"] = reverse("cases:child_detail", args=[call.child_id])
        if call.action == HotlineCall.Action.HOME_VISIT and can_change_child(request.user, call.child):
            context["visit_url"] = reverse("visits:new", args=[call.child_id])  # the 派员入户 asked for
    context["feedback"] = call.feedback.select_related("author", "office")
    if can_give_feedback(request.user, call):
        context["feedback_form"] = forms.get("feedback_form") or FeedbackForm(call=call)
    if context["is_station"]:
        context["history"] = history_for(call)
    if loggable:
        context["callback_form"] = forms.get("callback_form") or CallbackForm(call=call)
        context["close_form"] = forms.get("close_form") or CloseForm(call=call)
    if can_log_calls(request.user) and not call.child_id and intake is None:
        context["search_form"] = ChildSearchForm()
        context["intake_form"] = IntakeForm()
    return context


@login_required
def call_detail(request, pk: int):
    call = get_call_for_user(request.user, pk)
    if call.child_id:  # the page names the linked child (birth year, village)
        log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[call.child_id],
                   detail=f"hotline_call {call.pk}")
    return render(request, "hotline/call_detail.html", _detail_context(request, call))


@login_required
def call_edit(request, pk: int):
    call = get_call_for_user(request.user, pk, perm="change")
    form = CallForm(request.POST or None, instance=call, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(
                call=call, by=request.user, version=form.cleaned_data["version"] or 0,
                categories=list(form.cleaned_data["categories"]), **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("来电记录已保存。"))
            return redirect("hotline:detail", pk=call.pk)
    return render(request, "hotline/call_form.html", {"form": form, "call": call, "creating": False})


def _call_action(request, pk, form_class, form_name, run, *, perm="change"):
    call = get_call_for_user(request.user, pk, perm=perm)
    form = form_class(request.POST, call=call)
    if form.is_valid():
        try:
            run(call, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("hotline:detail", pk=call.pk)
    context = _detail_context(request, call, **{form_name: form})
    if context.get(form_name) is not form:  # the page no longer offers the form (the call was closed meanwhile)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return render(request, "hotline/call_detail.html", context, status=400)


@login_required
@require_POST
def call_callback(request, pk: int):
    def run(call, form):
        data = form.cleaned_data
        services.record_callback(
            call=call, version=data["version"], by=request.user, at=data["callback_at"], result=data["callback_result"]
        )
        messages.success(request, _("回访已登记。"))

    return _call_action(request, pk, CallbackForm, "callback_form", run)


@login_required
@require_POST
def call_close(request, pk: int):
    def run(call, form):
        services.close_call(call=call, version=form.cleaned_data["version"], by=request.user,
                            outcome=form.cleaned_data["outcome"])
        messages.success(request, _("来电已办结。"))

    return _call_action(request, pk, CloseForm, "close_form", run)


@login_required
@require_POST
def call_feedback(request, pk: int):
    """办理反馈: the office the call is referred to, the station and the operators (403 for anyone else who sees it)."""
    if not can_give_feedback(request.user, get_call_for_user(request.user, pk)):
        raise PermissionDenied

    def run(call, form):
        services.add_call_feedback(call=call, by=request.user, **form.service_fields(by=request.user))
        messages.success(request, _("办理反馈已保存。"))

    return _call_action(request, pk, FeedbackForm, "feedback_form", run, perm="view")


@never_cache
@login_required
@require_roles(Role.HOTLINE, Role.STATION)
@require_POST
def caller_history(request):
    """While the caller is on the line: the calls logged before from the number being typed (htmx, into the logging
    form). Logged as a search, with the calls shown and never the number."""
    phone = normalize_phone(request.POST.get("caller_phone"))
    try:
        validate_phone(phone)
    except ValidationError:
        phone = ""
    context = _same_number(request.user, caller_phone_hash(phone))
    if context["same_number"]:
        log_access(request, action=AccessLog.Action.SEARCH, object_type="hotline_call",
                   ids=[call.pk for call in context["same_number"]], detail="来电号码查询")
    return render(request, "hotline/_same_number.html", {**context, "looked_up": bool(phone)})


@never_cache
@login_required
@require_POST
def call_reveal_phone(request, pk: int):
    """The caller's whole number, for the station and the operators (to call back), logged."""
    call = get_call_for_user(request.user, pk)
    if not can_reveal_caller_phone(request.user):
        raise PermissionDenied
    return reveal_response(
        request, value=call.caller_phone, object_type="hotline_call", pk=call.pk, field="caller_phone", tel=True
    )
