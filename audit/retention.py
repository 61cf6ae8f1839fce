"""Retention: closed files of children who came of age long ago are anonymised (PIPL: keep no longer than needed).

`adults_due_for_anonymisation` lists them; `anonymise_children` blanks the child's name, ID number, address, school,
disability and consent note, the guardians' names and phone numbers, the free text of every record about the child
(visit notes and photos, assessment and intervention notes, referrals, mandatory reports with the reporter, case
notes, hotline calls and intakes), the same columns in the history rows, and the child's name in the Django admin's
log. Dates, kinds, tiers, statuses, village and categories stay, so the township's statistics still add up.
"""

import datetime as dt

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cases.models import (
    CaseNote,
    Child,
    Guardian,
    Intervention,
    MandatoryReport,
    Referral,
    RiskAssessment,
    StatusChange,
)
from cases.models.children import ADULT_AGE
from hotline.models import CallFeedback, CallIntake, HotlineCall
from visits.models import HomeVisit, VisitPhoto
from visits.photos import delete_thumbnails

ANONYMISED = "已匿名"
# The free-text fields too: a consent note (处理依据) names the guardian who gave it; school and disability identify.
_CHILD_BLANKS = {"name": ANONYMISED, "name_pinyin": "", "id_number": "", "id_number_hash": "", "address": "",
                 "school": "", "disability": "", "lawful_basis": ""}
_GUARDIAN_BLANKS = {"name": ANONYMISED, "phone": "", "phone_hash": ""}
# The free text of the records about a child (required text fields get ANONYMISED, optional ones are emptied).
_RECORD_BLANKS = [
    (HomeVisit, {name: "" for name in ("present", "safety", "health", "schooling", "mood", "guardian_performance",
                                       "problems", "actions", "next_steps")}),
    (RiskAssessment, {"override_reason": "", "notes": ""}),
    (Intervention, {"notes": ""}),
    (Referral, {"reason": ANONYMISED, "response": "", "return_reason": "", "reroute_reason": "",
                "withdraw_reason": ""}),
    (MandatoryReport, {"summary": ANONYMISED, "reporter_name": "", "reporter_phone": ""}),
    (CaseNote, {"text": ANONYMISED}),
    (StatusChange, {"reason": ""}),
    (HotlineCall, {"caller_phone": "", "caller_phone_hash": "", "summary": "", "callback_result": "", "outcome": ""}),
    (CallIntake, {"name": ANONYMISED, "details": "", "dismiss_reason": ""}),
]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def adults_due_for_anonymisation(*, years: int, today: dt.date | None = None):
    """Closed, not yet anonymised children whose 18th birthday is more than `years` years before `today`."""
    born_before = _years_before(today or timezone.localdate(), ADULT_AGE + years)
    return (
        Child.objects.filter(status=Child.Status.CLOSED, birth_date__lt=born_before)
        .exclude(name=ANONYMISED)
        .select_related("village")
        .order_by("birth_date", "pk")
    )


def _blank(model, ids_field: str, ids: list[int], blanks: dict) -> int:
    """Overwrite `blanks` in the rows of `model` (and of its history table) whose `ids_field` is in `ids`."""
    count = model._base_manager.filter(**{f"{ids_field}__in": ids}).update(**blanks)
    if hasattr(model, "history"):
        history = model.history.model
        present = {f.name for f in history._meta.concrete_fields}
        history._base_manager.filter(**{f"{ids_field}__in": ids}).update(
            **{name: value for name, value in blanks.items() if name in present}
        )
    return count


def _delete_visit_photos(ids: list[int]) -> None:
    """The photos of the children's visits: the files (those a correction removed too, named in the photos'
    history) with their smaller versions, the rows, and their names in the history."""
    visits = HomeVisit._base_manager.filter(child_id__in=ids).values("pk")
    photos = VisitPhoto.objects.filter(visit__in=visits)
    earlier = VisitPhoto.history.filter(visit_id__in=visits)
    names = set(photos.values_list("image", flat=True)) | set(earlier.exclude(image="").values_list("image", flat=True))
    storage = VisitPhoto._meta.get_field("image").storage
    delete_thumbnails(names)
    for name in names:
        storage.delete(name)
    photos.delete()
    earlier.update(image="")


@transaction.atomic
def anonymise_children(*, children) -> int:
    """Anonymise `children` (a queryset or list of Child), their guardians and the free text of their records.
    Returns how many children."""
    ids = [child.pk for child in children]
    if not ids:
        return 0
    _delete_visit_photos(ids)
    for model, blanks in _RECORD_BLANKS:
        _blank(model, "child_id", ids, blanks)
    _blank(CallFeedback, "call__child_id", ids, {"text": ANONYMISED})  # offices' feedback on the child's calls
    _blank(Guardian, "child_id", ids, _GUARDIAN_BLANKS)
    _blank_admin_log(Child, ids)
    return _blank(Child, "id", ids, _CHILD_BLANKS)


def _blank_admin_log(model, ids: list[int]) -> None:
    """The Django admin's own log names each object it changed by its str(): the child's name."""
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                            object_id__in=[str(pk) for pk in ids]).update(object_repr=ANONYMISED)
