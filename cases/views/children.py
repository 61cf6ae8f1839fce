"""The child register, a child's file, registering and editing a child."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.models import AccessLog
from audit.selectors import history_for, history_where
from audit.services import log_access
from hotline.models import HotlineCall
from registry.access import can_change_some_village, can_see_full_identifiers, is_station, require_roles
from registry.privacy import mask_id_number, mask_phone
from registry.roles import Role
from visits.models import HomeVisit
from zhanpu.names import attach_names

from ..exports import child_ledger
from ..filters import ChildFilter
from ..forms import ChildForm, GuardianFormSet, IdNumberLookupForm, guardian_values
from ..models import CaseNote, Guardian, Intervention, MandatoryReport, Referral, RiskAssessment
from ..models.children import typed_name
from ..selectors import (
    can_change_child,
    can_reveal_guardian_phone,
    child_timeline,
    children_visible_to,
    files_of_groups,
    get_child_for_user,
    possible_duplicate_groups,
    register_for,
    tier_response,
    timeline_kinds,
)
from ..services import DuplicateChild, StaleEdit, find_by_id_number, register_child, update_child
from ..services.children import DETAILS, GUARDIAN_FIELDS, edit_saved_before, registered_moments_ago

READERS = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)
EDITORS = (Role.STATION, Role.DIRECTOR)
PAGE_SIZE = 50


def _number_typed_as_name(request):
    """The answer to a number typed into the register's name box, or None for a name. A file number (档案号) the
    user may see opens that file; any other number (an ID number, most likely) is not searched: the register shows
    again without it, pointing to the ID-number lookup, so that it goes no further into addresses, links or logs."""
    typed = typed_name(request.GET.get("q", ""))
    if not re.fullmatch(r"[0-9]+[xX]?", typed):
        return None
    if len(typed) <= 9 and children_visible_to(request.user).filter(pk=int(typed)).exists():
        return redirect("cases:child_detail", pk=int(typed))
    if len(typed) <= 9:
        messages.warning(request, _("您的范围内没有档案号为 %(number)s 的儿童。") % {"number": typed})
    else:
        messages.warning(request, _("身份证号码请用“按身份证号码查找”：号码不会出现在网址和记录中。"))
    query = request.GET.copy()
    query.pop("q")
    return redirect(f"{reverse('cases:child_list')}?{query.urlencode()}")


@login_required
@require_roles(*READERS)
def child_list(request):
    if answer := _number_typed_as_name(request):
        return answer
    filterset = ChildFilter(request.GET or None, queryset=register_for(request.user, page=True), user=request.user)
    only_village = filterset.drop_village_if_only_one()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_names(page.object_list, "categories", "category_list",
                                    reference=filterset.form.fields["category"].queryset)
    if request.GET.get("q"):
        log_access(request, action=AccessLog.Action.SEARCH, object_type="child", ids=[c.pk for c in page])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/child_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "only_village": only_village,
        "can_create": can_change_some_village(request.user),
    })


@never_cache
@login_required
@require_roles(*READERS)
def child_export(request):
    filterset = ChildFilter(request.GET or None, queryset=register_for(request.user), user=request.user)
    exported = []  # filled while the file is written: the log names exactly the children in it
    response = child_ledger(filterset.qs, exported=exported)
    log_access(request, action=AccessLog.Action.EXPORT, object_type="child", ids=exported, detail="儿童信息台账")
    return response


@never_cache
@login_required
@require_roles(*READERS)
def child_lookup(request):
    """Open a child's file by ID number (exact; the keyed hash, never the number in clear). A file the user may not
    see is "not found", like no file at all. Logged as a search, with the id found and never the number."""
    form = IdNumberLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = find_by_id_number(form.cleaned_data["id_number"])
        visible = found is not None and children_visible_to(request.user).filter(pk=found.pk).exists()
        log_access(request, action=AccessLog.Action.SEARCH, object_type="child", ids=[found.pk] if visible else [],
                   detail="身份证号码查找")
        if visible:
            return redirect("cases:child_detail", pk=found.pk)
        form.add_error("id_number", _("您负责的范围内没有该身份证号码的儿童档案。"))
    return render(request, "cases/child_lookup.html", {"form": form})


@never_cache
@login_required
@require_roles(Role.STATION)
def possible_duplicates(request):
    """Files that may be the same child twice (same name and birth date), for the station to check and close one."""
    page = Paginator(possible_duplicate_groups(), PAGE_SIZE).get_page(request.GET.get("page"))
    groups = [  # masked ID numbers: enough to tell two children apart at a glance; the files show the rest
        (group, [(child, mask_id_number(child.id_number)) for child in files])
        for group, files in files_of_groups(page.object_list)
    ]
    log_access(request, action=AccessLog.Action.VIEW, object_type="child",
               ids=[child.pk for _group, files in groups for child, _masked in files], detail="疑似重复档案")
    return render(request, "cases/possible_duplicates.html", {"page": page, "groups": groups})


def _duplicate_error(request, error: DuplicateChild):
    """The form's answer to an ID number already on file. Either answer tells the user that this person has a file:
    logged as a search that found it, as the ID-number lookup logs one."""
    log_access(request, action=AccessLog.Action.SEARCH, object_type="child", ids=[error.existing.pk],
               detail="登记查重")
    if children_visible_to(request.user).filter(pk=error.existing.pk).exists():
        url = reverse("cases:child_detail", args=[error.existing.pk])
        return format_html('{} <a href="{}">{}</a>', error.message, url, _("查看该儿童档案"))
    return _("该身份证号码已有档案（不在您负责的村社区）。请联系工作站。")


_FORM_FIELDS = [*DETAILS, "registered_on"]


def _registered_moments_ago(request, form: ChildForm, formset):
    """The file this registration form opened moments ago when it is sent again (a double tap, its answer lost): the
    form then meets only that file (as "similar" or as a duplicate ID number; any other error is answered as usual),
    and the rule of services.children.registered_moments_ago holds; the user must still be able to open the file.
    None otherwise: the similar-child and duplicate answers (and the duplicate's access-log entry) stay as they are."""
    if set(form.errors) - {"confirm_not_duplicate"} or not formset.is_valid():
        return None
    sent = form.cleaned_data
    if not (sent.get("id_number") and sent.get("name") and sent.get("birth_date")):
        return None
    existing = registered_moments_ago(by=request.user, id_number=sent["id_number"], name=sent["name"],
                                      birth_date=sent["birth_date"])
    if existing is None or not children_visible_to(request.user).filter(pk=existing.pk).exists():
        return None
    return existing


def _registered(request, child):
    messages.success(request, _("已建档。"))
    return redirect("cases:child_detail", pk=child.pk)


def _guardians_as_edited(formset) -> list[dict]:
    """The file's guardians as a valid edit formset leaves them: the rows shown (as changed) and the new ones typed,
    less those ticked for deletion."""
    return [
        {name: getattr(form.instance, name) for name in GUARDIAN_FIELDS}
        for form in formset.forms
        if not form.cleaned_data.get("DELETE") and (form.instance.pk or form.has_changed())
    ]


@login_required
@require_roles(*EDITORS)
def child_create(request):
    if not can_change_some_village(request.user):
        raise PermissionDenied
    form = ChildForm(request.POST or None, user=request.user)
    formset = GuardianFormSet(request.POST or None, prefix="guardians")
    valid = request.method == "POST" and all([form.is_valid(), formset.is_valid()])  # both: every error at once
    # Sent again, the form meets the file its first sending opened ("similar", or a duplicate ID number)
    if request.method == "POST" and not valid and (earlier := _registered_moments_ago(request, form, formset)):
        return _registered(request, earlier)
    if valid:
        try:
            child = register_child(
                by=request.user, categories=list(form.cleaned_data["categories"]),
                guardians=guardian_values(formset), **{f: form.cleaned_data[f] for f in _FORM_FIELDS},
            )
        except DuplicateChild as error:
            if earlier := _registered_moments_ago(request, form, formset):
                return _registered(request, earlier)
            form.add_error("id_number", _duplicate_error(request, error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _registered(request, child)
    return render(request, "cases/child_form.html", {"form": form, "formset": formset})


@login_required
def child_edit(request, pk: int):
    child = get_child_for_user(request.user, pk, perm="change")
    form = ChildForm(request.POST or None, instance=child, user=request.user)
    formset = GuardianFormSet(request.POST or None, instance=child, prefix="guardians")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):  # both: every error shown at once
        try:
            with transaction.atomic():
                update_child(
                    by=request.user, child=form.instance, version=form.cleaned_data["version"] or 0,
                    categories=list(form.cleaned_data["categories"]),
                )
                formset.save()
        except StaleEdit as error:
            if not edit_saved_before(
                by=request.user, child=form.instance, version=form.cleaned_data["version"] or 0,
                categories=list(form.cleaned_data["categories"]), guardians=_guardians_as_edited(formset),
            ):
                form.add_error(None, error)
            else:  # the same edit sent again (its answer lost): answered as the first sending was
                messages.success(request, _("已保存。"))
                return redirect("cases:child_detail", pk=child.pk)
        except DuplicateChild as error:
            form.add_error("id_number", _duplicate_error(request, error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cases:child_detail", pk=child.pk)
    # The form shows the whole file (address, school, guardians…): each showing is a view of it.
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[child.pk], detail="edit")
    return render(request, "cases/child_form.html", {"form": form, "formset": formset, "child": child})


@never_cache
@login_required
def child_detail(request, pk: int):
    child = get_child_for_user(request.user, pk, related=["responsible_director"])
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[child.pk])
    station = is_station(request.user)
    guardians = [(guardian, mask_phone(guardian.phone)) for guardian in child.guardians.all()]
    # Read once, shown twice: in the side cards and on the timeline.
    referrals = list(child.referrals.select_related("office"))
    reports = list(child.mandatory_reports.all())
    for report in reports:  # the template shows the reporter only to the station, and the number masked
        report.masked_phone = mask_phone(report.reporter_phone)
    timeline = child_timeline(child, referrals=referrals, reports=reports)
    return render(request, "cases/child_detail.html", {
        "child": child,
        "masked_id": mask_id_number(child.id_number),
        "tier_response": tier_response(child.tier),
        "guardians": guardians,
        "categories": child.categories.all(),
        "timeline": timeline,
        "timeline_kinds": timeline_kinds(timeline),
        "open_referrals": [referral for referral in referrals if referral.is_open],
        "reports": reports,
        "can_change": can_change_child(request.user, child),
        "is_station": station,
        "can_reveal": can_see_full_identifiers(request.user),
        "can_reveal_guardian_phone": can_reveal_guardian_phone(request.user, child),
    })


@never_cache
@login_required
def child_history(request, pk: int):
    child = get_child_for_user(request.user, pk)
    if not is_station(request.user):
        raise PermissionDenied
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[child.pk], detail="history")
    related = [
        (model._meta.verbose_name_plural, history_where(model, child_id=child.pk))
        for model in (Guardian, RiskAssessment, Intervention, Referral, MandatoryReport, CaseNote, HomeVisit,
                      HotlineCall)
    ]
    return render(request, "cases/child_history.html", {"child": child, "history": history_for(child),
                                                         "related": related})
