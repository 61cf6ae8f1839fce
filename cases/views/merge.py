"""The station merges a file registered twice into the file it keeps (from the review of possible duplicates)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.models import AccessLog
from audit.services import log_access
from registry.access import require_roles
from registry.privacy import mask_id_number
from registry.roles import Role

from ..forms import MergeForm
from ..selectors import get_child_for_user
from ..services.merge import MOVED, merge_children, merge_refusal
from .casework import _run


def _records(children) -> list[tuple[str, list[int]]]:
    """(kind of record, [how many on each of `children`]): what the merge moves, for the station to check."""
    pks = [child.pk for child in children]
    rows = []
    for model in MOVED:
        counts = dict(model.objects.filter(child__in=pks).order_by().values_list("child").annotate(n=Count("pk")))
        rows.append((model._meta.verbose_name_plural, [counts.get(pk, 0) for pk in pks]))
    return rows


@never_cache
@login_required
@require_roles(Role.STATION)
def child_merge(request, pk: int, other: int):
    """Keep file `pk`, merge file `other` into it: both shown side by side, then a reason and a confirmation."""
    keep = get_child_for_user(request.user, pk, perm="change")
    duplicate = get_child_for_user(request.user, other, perm="change")
    form = MergeForm(request.POST or None, initial={"keep_version": keep.version,
                                                     "duplicate_version": duplicate.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: merge_children(
            by=request.user, keep=keep, keep_version=data["keep_version"], duplicate=duplicate,
            duplicate_version=data["duplicate_version"], reason=data["reason"],
        )):
            messages.success(request, _("已将档案 %(duplicate)s 合并到本档案。") % {"duplicate": duplicate.pk})
            return redirect("cases:child_detail", pk=keep.pk)
    log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[keep.pk, duplicate.pk],
               detail="合并档案核对")
    files = [keep, duplicate]
    return render(request, "cases/child_merge.html", {
        "keep": keep, "duplicate": duplicate, "form": form, "refusal": merge_refusal(keep, duplicate),
        "files": [(child, mask_id_number(child.id_number)) for child in files],
        "records": _records(files),
    })
