"""Registering and editing a child's file: ID-number duplicate guard, pinyin for search, lost-update guard."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import User
from registry.selectors import directors_of
from registry.validators import normalize_id_number
from visits.services import replan_child
from zhanpu.crypto import keyed_hash

from ..models import Child, ChildCategory
from ..reassessment import remind_if_past_due
from .moves import tell_of_move

# What an edit of a child's file changes: the edit form's fields (the registration date is read-only once the file is
# opened). The status, risk, schedule and merge columns belong to the workflows that change them (closure, assessment,
# mandatory report, home visit, merge), each on the row it locked: an edit opened before one of them never writes back
# the values it read.
DETAILS = (
    "name", "sex", "birth_date", "id_number", "village", "address", "school", "grade", "schooling", "disability",
    "entrusted_guardianship_confirmed", "lawful_basis", "responsible_director",
)
DERIVED = ("id_number_hash", "name_pinyin")  # kept in step with the details by Child.save()
GUARDIAN_FIELDS = ("relation", "name", "phone", "situation", "is_primary")
# How long after opening a file its registration form, sent again, is taken for the same sending (its answer lost).
RESENT_WITHIN = timedelta(minutes=10)


class DuplicateChild(ValidationError):
    """An ID number that is already on file; `existing` is the child holding it."""

    def __init__(self, existing: Child):
        super().__init__(_("该身份证号码已有档案，不能重复建档。"), code="duplicate_id")
        self.existing = existing


class StaleEdit(ValidationError):
    """Someone else saved the record since this form was opened."""

    def __init__(self):
        super().__init__(
            _("该档案已被他人修改。您的输入仍保留在表单中：请刷新页面查看最新内容后再保存。"), code="stale"
        )


def set_categories_for_next_save(child: Child, categories) -> None:
    """Set `child`'s categories without a history row of their own (simple_history writes one per add and one per
    removal): the save that must follow writes the change's one history row, which keeps them (Child.history's
    m2m_fields), with who made the change."""
    child.skip_history_when_saving = True  # simple_history's own switch (save_without_historical_record)
    try:
        child.categories.set(categories)
    finally:
        del child.skip_history_when_saving


def _check_responsible(child: Child) -> None:
    """A child's 负责儿童主任 is a child director of the child's village (also after the child moves)."""
    director = child.responsible_director_id
    if director and not directors_of([child.village_id]).filter(pk=director).exists():
        raise ValidationError({"responsible_director": _(
            "负责儿童主任须是该儿童所在村（社区）的儿童主任。所选的人已不在该村工作，或儿童已迁往其他村（社区）：请重新选择。"
        )})


def locked(child: Child) -> Child:
    """`child`'s row as it is now, locked until the transaction ends: a change checks and writes this row, never the
    copy a request read earlier (a visit, an assessment or a mandatory report may have changed the file since), and a
    second change of the file (a form sent twice, a colleague's) waits until the first is saved."""
    return Child.objects.select_for_update().get(pk=child.pk)


def find_by_id_number(id_number: str) -> Child | None:
    """Exact match on the keyed hash: the ID number itself is never queried in clear."""
    if not id_number:
        return None
    return Child.objects.filter(id_number_hash=keyed_hash(normalize_id_number(id_number))).first()


def _refuse_duplicate_id(child: Child) -> None:
    existing = find_by_id_number(child.id_number)
    if existing is not None and existing.pk != child.pk:
        raise DuplicateChild(existing)


def _save_unique_id(child: Child, update_fields=None) -> None:
    """Save `child` (only `update_fields`, if given). Two files with one ID number saved at the same moment both pass
    _refuse_duplicate_id; the database's unique constraint stops the second, which is then refused as that check would
    have refused it."""
    try:
        with transaction.atomic():
            child.save(update_fields=update_fields)
    except IntegrityError:
        existing = find_by_id_number(child.id_number) if child.id_number else None
        if existing is None or existing.pk == child.pk:
            raise
        raise DuplicateChild(existing) from None


@transaction.atomic
def register_child(
    *, by: User, categories: list[ChildCategory] | None = None, guardians: list[dict] | None = None, **fields
) -> Child:
    """Create a child's file (一人一档) and plan its first visit. Raises DuplicateChild or ValidationError.

    `guardians`: optional list of Guardian field dicts (relation, name, phone, situation, is_primary).
    """
    child = Child(created_by=by, **fields)
    child._history_user = by  # also on the history row of the categories set below
    child.full_clean()
    _check_responsible(child)
    _refuse_duplicate_id(child)
    _save_unique_id(child)
    if categories:
        child.categories.set(categories)
    for values in guardians or []:
        guardian = child.guardians.model(child=child, **values)
        guardian.full_clean()
        guardian.save()
    replan_child(child)
    remind_if_past_due(child)  # registered from the paper register long ago, never assessed
    return child


@transaction.atomic
def update_child(
    *, by: User, child: Child, version: int, categories: list[ChildCategory] | None = None, **fields
) -> Child:
    """Save edits to `child`'s details (DETAILS) made on a form opened at `version`: the edits `child` carries (the
    edit form's instance) or `fields`. Raises StaleEdit if someone saved the file in between.

    The details are written onto the file's row as it is now, locked, and only they are: a home visit, an assessment
    or a status change saved since the form was opened stays. Returns that row."""
    if unknown := set(fields) - set(DETAILS):
        raise TypeError(f"update_child edits a file's details, not {sorted(unknown)}")
    current = locked(child)
    if current.version != version:
        raise StaleEdit()
    moved_from = current.village_id
    for name, value in fields.items():
        setattr(child, name, value)
    for name in DETAILS:
        attname = Child._meta.get_field(name).attname
        setattr(current, attname, getattr(child, attname))
    current.full_clean(exclude=["version"])
    _check_responsible(current)
    _refuse_duplicate_id(current)
    current.version = child.version = version + 1
    current._history_user = by
    if categories is not None:
        set_categories_for_next_save(current, categories)
    _save_unique_id(current, update_fields=[*DETAILS, *DERIVED, "version"])
    if current.village_id != moved_from:
        tell_of_move(current, moved_from=moved_from, by=by)
    return current


def registered_moments_ago(*, by: User, id_number: str, name: str, birth_date) -> Child | None:
    """The file with `id_number` when `by` opened it in the last RESENT_WITHIN with this name and birth date: the
    registration form sent again (a double tap, its answer lost), to be answered as the first sending was rather than
    as a duplicate. None otherwise (no such file, someone else's, an older one, another child's details)."""
    existing = find_by_id_number(id_number)
    if existing is None or existing.created_by_id != by.pk or (existing.name, existing.birth_date) != (
        name, birth_date
    ):
        return None
    opened = existing.history.filter(history_type="+").order_by("history_date").first()
    if opened is None or opened.history_user_id != by.pk or opened.history_date < timezone.now() - RESENT_WITHIN:
        return None
    return existing


def edit_saved_before(
    *, by: User, child: Child, version: int, categories: list[ChildCategory], guardians: list[dict]
) -> bool:
    """Whether the edit of `child` made on a form opened at `version` (refused by update_child with StaleEdit) is
    already saved: the form sent again (a double tap, its answer lost), to be answered as saved rather than as someone
    else's change. So when the file moved on by exactly one version, the file's history says `by` saved it last, and
    the file holds what the form sends: the details `child` carries (the edit form's instance), `categories`, and
    `guardians` (each a dict of GUARDIAN_FIELDS: the file's guardians as the form leaves them)."""
    current = Child.objects.get(pk=child.pk)
    if current.version != version + 1:
        return False
    last = current.history.order_by("-history_date", "-history_id").only("history_user_id").first()
    if last is None or last.history_user_id != by.pk:
        return False
    for name in DETAILS:
        attname = Child._meta.get_field(name).attname
        if getattr(current, attname) != getattr(child, attname):
            return False
    if set(current.categories.values_list("pk", flat=True)) != {category.pk for category in categories}:
        return False
    stored = [tuple(str(getattr(guardian, name)) for name in GUARDIAN_FIELDS) for guardian in current.guardians.all()]
    sent = [tuple(str(values[name]) for name in GUARDIAN_FIELDS) for values in guardians]
    return sorted(stored) == sorted(sent)
