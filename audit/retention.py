"""Retention: closed files of children who came of age long ago are anonymised (PIPL: keep no longer than needed).

`adults_due_for_anonymisation` lists them; `anonymise_children` blanks the child's name, ID number and address,
the guardians' names and phone numbers, and the same columns in both models' history rows. Dates, village,
categories and case records stay, so the township's statistics still add up.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cases.models import Child, Guardian

ANONYMISED = "已匿名"
ADULT_AGE = 18
_CHILD_BLANKS = {"name": ANONYMISED, "name_pinyin": "", "id_number": "", "id_number_hash": "", "address": ""}
_GUARDIAN_BLANKS = {"name": ANONYMISED, "phone": ""}


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
    history = model.history.model
    present = {f.name for f in history._meta.concrete_fields}
    history._base_manager.filter(**{f"{ids_field}__in": ids}).update(
        **{name: value for name, value in blanks.items() if name in present}
    )
    return count


@transaction.atomic
def anonymise_children(*, children) -> int:
    """Anonymise `children` (a queryset or list of Child) and their guardians. Returns how many children."""
    ids = [child.pk for child in children]
    if not ids:
        return 0
    _blank(Guardian, "child_id", ids, _GUARDIAN_BLANKS)
    return _blank(Child, "id", ids, _CHILD_BLANKS)
