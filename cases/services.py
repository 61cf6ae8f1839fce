"""Writes for children's files. Keyword-only, validated, atomic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import User
from visits.services import replan_child
from zhanpu.crypto import keyed_hash

from .models import Child, ChildCategory


class DuplicateChild(ValidationError):
    """An ID number that is already on file; `existing` is the child holding it."""

    def __init__(self, existing: Child):
        super().__init__(_("该身份证号码已有档案，不能重复建档。"), code="duplicate_id")
        self.existing = existing


def find_by_id_number(id_number: str) -> Child | None:
    """Exact match on the keyed hash: the ID number itself is never queried in clear."""
    if not id_number:
        return None
    return Child.objects.filter(id_number_hash=keyed_hash(id_number.strip().upper())).first()


@transaction.atomic
def register_child(*, by: User, categories: list[ChildCategory] | None = None, **fields) -> Child:
    """Create a child's file (一人一档) and plan its first visit. Raises DuplicateChild or ValidationError."""
    child = Child(created_by=by, **fields)
    child.full_clean()
    existing = find_by_id_number(child.id_number)
    if existing is not None:
        raise DuplicateChild(existing)
    child.save()
    if categories:
        child.categories.set(categories)
    replan_child(child)
    return child
