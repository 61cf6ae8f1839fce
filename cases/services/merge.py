"""Merging two files of the same child (一人一档): everything recorded on the duplicate moves to the file kept."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from hotline.models import CallIntake, HotlineCall
from registry.access import is_station
from registry.models import User
from registry.selectors import directors_of
from visits.models import HomeVisit
from visits.services import replan_child

from ..models import (
    CaseNote,
    Child,
    Guardian,
    Intervention,
    MandatoryReport,
    Referral,
    RiskAssessment,
    StatusChange,
)
from .children import StaleEdit, set_categories_for_next_save
from .risk import apply_latest_assessment

# The records of a child's case, moved as they are (each keeps its own date, author and village).
MOVED = (Guardian, RiskAssessment, Intervention, Referral, MandatoryReport, CaseNote, StatusChange, HomeVisit,
         HotlineCall, CallIntake)
# Blank on the file kept: taken from the duplicate.
FILLED = ("id_number", "address", "school", "grade", "disability", "lawful_basis")


def merge_refusal(keep: Child, duplicate: Child) -> str | None:
    """Why these two files cannot be merged, in words for the station; None when they can."""
    if keep.pk == duplicate.pk:
        return _("不能把档案合并到它自己。")
    if keep.merged_into_id or duplicate.merged_into_id:
        return _("其中一份档案已经合并到其他档案。")
    if keep.status == Child.Status.CLOSED:
        return _("保留的档案已结案：请先重新开案，或改为保留另一份档案。")
    if (keep.name, keep.birth_date) != (duplicate.name, duplicate.birth_date):
        return _("只能合并姓名和出生日期都相同的档案。如有登记错误，请先更正档案。")
    if keep.id_number and duplicate.id_number and keep.id_number != duplicate.id_number:
        return _("两份档案的身份证号码不同，不是同一名儿童，不能合并。")
    return None


def _locked_pair(keep: Child, keep_version: int, duplicate: Child, duplicate_version: int) -> tuple[Child, Child]:
    """Both files' rows as they are now, locked (in the order of their numbers, as any two merges lock them); a file
    saved by someone since the page was opened (the version check of update_child) is not merged: StaleEdit."""
    rows = {child.pk: child for child in Child.objects.select_for_update().filter(
        pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    current_keep, current_duplicate = rows[keep.pk], rows[duplicate.pk]
    if (current_keep.version, current_duplicate.version) != (keep_version, duplicate_version):
        raise StaleEdit()
    return current_keep, current_duplicate


def _move_records(model, *, duplicate: Child, keep: Child, by: User, reason: str) -> None:
    """Move `duplicate`'s `model` records to `keep`. A record with a change history gets a history row saying who
    moved it and why (a queryset's update() writes none); a few queries per model, whatever the number of records."""
    if not hasattr(model._meta, "simple_history_manager_attribute"):  # StatusChange: a log of its own
        model.objects.filter(child=duplicate).update(child=keep)
        return
    records = list(model.objects.select_for_update().filter(child=duplicate).order_by("pk"))
    for record in records:
        record.child = keep
        record._history_user, record._change_reason = by, reason
    if model.history.model._history_m2m_fields:
        # HotlineCall: bulk_history_create would leave out the categories its history rows keep, a save writes them
        # (a child has few calls)
        for record in records:
            record.save(update_fields=["child"])
    else:
        bulk_update_with_history(records, model, ["child"])


@transaction.atomic
def merge_children(
    *, by: User, keep: Child, keep_version: int, duplicate: Child, duplicate_version: int, reason: str
) -> Child:
    """Move every record of `duplicate` to `keep`, complete `keep`'s blank details from it and close `duplicate`
    as merged (its file stays, pointing to `keep`). The station only; raises ValidationError or StaleEdit.

    Both files are read again, locked, and only what the merge changes is written to them: a visit or an assessment
    saved since the page was opened stays. Returns the file kept, as saved."""
    if not is_station(by):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("合并档案必须填写理由。")})
    if keep.pk == duplicate.pk:
        raise ValidationError(merge_refusal(keep, duplicate))
    keep, duplicate = _locked_pair(keep, keep_version, duplicate, duplicate_version)
    refusal = merge_refusal(keep, duplicate)
    if refusal:
        raise ValidationError(refusal)
    keep.version, duplicate.version = keep_version + 1, duplicate_version + 1

    moved = _("合并档案：从档案 %(duplicate)s 移至档案 %(keep)s") % {"duplicate": duplicate.pk, "keep": keep.pk}
    for model in MOVED:
        _move_records(model, duplicate=duplicate, keep=keep, by=by, reason=moved)
    # in the history row of keep's save below
    set_categories_for_next_save(keep, {*keep.categories.all(), *duplicate.categories.all()})

    taken = {field: getattr(duplicate, field) for field in FILLED if not getattr(keep, field)}
    duplicate.id_number = ""  # an ID number moves: released first, as only one file may hold it
    duplicate.status = Child.Status.CLOSED
    duplicate.merged_into = keep
    duplicate._history_user = by
    duplicate.save(update_fields=["id_number", "id_number_hash", "status", "merged_into", "version"])
    replan_child(duplicate)

    for field, value in taken.items():
        setattr(keep, field, value)
    director = duplicate.responsible_director_id  # taken when the kept file has none, if it directs its village
    if not keep.responsible_director_id and director and directors_of([keep.village_id]).filter(pk=director).exists():
        keep.responsible_director_id = director
    # The file dates from the earlier of the two: the visits and assessments it now holds stay within it (and can
    # still be corrected).
    keep.registered_on = min(keep.registered_on, duplicate.registered_on)
    keep.entrusted_guardianship_confirmed |= duplicate.entrusted_guardianship_confirmed
    keep.needs_reassessment |= duplicate.needs_reassessment
    visits = [day for day in (keep.last_visit_on, duplicate.last_visit_on) if day]
    keep.last_visit_on = max(visits, default=None)
    keep._history_user = by
    keep.save(update_fields=[
        *FILLED, "id_number_hash", "responsible_director", "registered_on", "entrusted_guardianship_confirmed",
        "needs_reassessment", "last_visit_on", "version",
    ])
    if keep.assessments.exists():
        apply_latest_assessment(keep, needs_reassessment=keep.needs_reassessment)
    else:
        replan_child(keep)

    StatusChange.objects.create(child=duplicate, kind=StatusChange.Kind.MERGE, by=by, reason=_(
        "已合并至档案 %(keep)s：%(reason)s") % {"keep": keep.pk, "reason": reason})
    StatusChange.objects.create(child=keep, kind=StatusChange.Kind.MERGE, by=by, reason=_(
        "并入档案 %(duplicate)s：%(reason)s") % {"duplicate": duplicate.pk, "reason": reason})
    return keep
