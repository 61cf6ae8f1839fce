"""Work on an open case: risk assessment, interventions, notes, mandatory reports, closure and reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.access import is_station

from .. import services
from ..forms import AssessmentForm, InterventionForm, MandatoryReportForm, NoteForm, ReasonForm
from ..models import Referral
from ..selectors import get_child_for_user, tier_response, tier_responses
from ..services.risk import thresholds
from ..services.status import NOTHING_TO_DECIDE


def _form_page(request, child, form, *, title: str, template: str = "cases/casework_form.html", **extra):
    return render(request, template, {"child": child, "form": form, "title": title, **extra})


def _run(form, action):
    """Call the service and return what it returns (a record); on a ValidationError put its messages on the form (the
    input stays) and return None."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


@login_required
def assess(request, pk: int):
    child = get_child_for_user(request.user, pk, perm="change")
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.filed_once(by=request.user, child=child)
        if assessment := _run(form, lambda: services.assess_risk(
            by=request.user, child=child, indicators=list(data["indicators"]), override_tier=data["override_tier"],
            override_reason=data["override_reason"], notes=data["notes"], assessed_on=data["assessed_on"],
            submission_key=data["submission_key"],
        )):
            child = assessment.child  # the file as the assessment left it
            messages.success(request, _("评估已保存，当前风险等级：%(tier)s。") % {"tier": child.get_tier_display()})
            if response := tier_response(child.tier):
                messages.info(request, _("应对措施（%(tier)s）：%(response)s") % {
                    "tier": child.get_tier_display(), "response": response})
            if child.needs_reassessment:
                messages.warning(request, _("该儿童仍需重新评估：此评估日期之后还有发现风险变化的家访或强制报告。"))
            return redirect("cases:child_detail", pk=child.pk)
    return _form_page(request, child, form, title=_("风险评估"), template="cases/assess_form.html",
                      thresholds=thresholds(), responses=tier_responses())


@login_required
def intervention_create(request, pk: int):
    child = get_child_for_user(request.user, pk, perm="change")
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.filed_once(by=request.user, child=child)
        if _run(form, lambda: services.add_intervention(by=request.user, child=child, **data)):
            messages.success(request, _("干预措施已登记。"))
            return redirect("cases:child_detail", pk=child.pk)
    return _form_page(request, child, form, title=_("登记干预措施"))


@login_required
def note_create(request, pk: int):
    child = get_child_for_user(request.user, pk, perm="change")
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.filed_once(by=request.user, child=child)
        if _run(form, lambda: services.add_note(by=request.user, child=child, **data)):
            return redirect("cases:child_detail", pk=child.pk)
    return _form_page(request, child, form, title=_("添加备注"))


@login_required
def mandatory_report_create(request, pk: int):
    child = get_child_for_user(request.user, pk, perm="change")
    form = MandatoryReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.filed_once(by=request.user, child=child)
        if _run(form, lambda: services.file_mandatory_report(by=request.user, child=child, **data)):
            messages.warning(request, _("强制报告已登记：风险等级为红色，已紧急转介派出所。"))
            return redirect("cases:child_detail", pk=child.pk)
    return _form_page(request, child, form, title=_("强制报告"))


STATUS_ACTIONS = {
    # action: (service, title, station only)
    "request_close": (services.request_closure, gettext_lazy("申请结案"), False),
    "approve_close": (services.approve_closure, gettext_lazy("批准结案"), True),
    "reject_close": (services.reject_closure, gettext_lazy("驳回结案申请"), True),
    "reopen": (services.reopen_case, gettext_lazy("重新开案"), False),
}


@login_required
def status_change(request, pk: int, action: str):
    """Closure request, its approval or rejection by the station, and reopening; each needs or takes a reason. The
    same action sent again a moment later (a double tap, a resend after a lost answer) is answered as the first was:
    the service returns the change it made (cases.services.status._resent)."""
    child = get_child_for_user(request.user, pk, perm="change")
    service, title, station_only = STATUS_ACTIONS[action]
    if station_only and not is_station(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: service(by=request.user, child=child, reason=form.cleaned_data["reason"])):
            messages.success(request, _("已%(action)s。") % {"action": title})
            return redirect("cases:child_detail", pk=child.pk)
        if not form.errors:  # a closure decided, or reopened by a mandatory report, since the page was opened
            form.add_error(None, NOTHING_TO_DECIDE)
        child.refresh_from_db()  # the page shows the case's status as it is now
    # What closing the case does to its referrals (cases.services.status._settle_referrals), said before it is asked
    unsettled = (child.referrals.exclude(status__in=[Referral.Status.DONE, Referral.Status.WITHDRAWN])
                 .select_related("office") if action in ("request_close", "approve_close") else [])
    return _form_page(request, child, form, title=title, unsettled=unsettled)


