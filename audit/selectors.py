"""Reads for the audit trail: a record's change history (django-simple-history) and the access-log search."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from simple_history.models import ModelChange
from simple_history.utils import get_m2m_reverse_field_name

from zhanpu import text
from zhanpu.crypto import EncryptedTextField

HISTORY_LIMIT = 50
_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class FieldChange:
    label: str
    old: object  # for a many-to-many field (儿童类别): the names removed
    new: object  # … and the names added


@dataclass
class HistoryEntry:
    when: datetime
    who: object  # the user, or None for changes made outside a request
    kind: str  # "created" | "changed" | "deleted"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    record: str = ""  # which row changed, e.g. "监护人 #3" (no personal data)


def history_for(obj, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The latest `limit` changes of `obj` (a model with `history = HistoricalRecords()`), newest first.

    A fixed number of queries whatever the history's length. Values of encrypted fields are never shown.
    Only for the station: the caller checks `registry.access.is_station` before showing it.
    """
    return _entries(obj.history.all(), limit=limit)


def history_where(model, *, limit: int = HISTORY_LIMIT, **lookup) -> list[HistoryEntry]:
    """The latest changes of every `model` row matching `lookup` (e.g. `child_id=5`), newest first, each compared
    with the previous version of the same row. A fixed number of queries whatever the number of rows."""
    return _entries(model.history.filter(**lookup), limit=limit, window=limit * 4)


def _entries(queryset, *, limit: int, window: int | None = None) -> list[HistoryEntry]:
    records = list(
        queryset.select_related("history_user").order_by("-history_date", "-history_id")[: (window or limit) + 1]
    )
    history_model = queryset.model
    hashes = _hash_fields(history_model)
    kept = _kept_sets(history_model, records)
    deltas = []
    for index, record in enumerate(records[:limit]):
        previous = next((older for older in records[index + 1:] if older.id == record.id), None)
        deltas.append((record, _changes(record, previous, hashes, kept) if previous else []))
    related = _related_objects(history_model, [change for _record, changes in deltas for change in changes])
    return [
        HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=_KINDS.get(record.history_type, "changed"),
            reason=record.history_change_reason or "",
            changes=[_describe(_field(history_model, c.field), c.old, c.new, related) for c in changes],
            record=f"{history_model.instance_type._meta.verbose_name} #{record.id}",
        )
        for record, changes in deltas
    ]


def _field(history_model, name: str):
    """The field `name` of the record: a column of the history row, or a many-to-many field the history keeps in a
    table of its own (HistoricalRecords(m2m_fields=...): Child.categories)."""
    for m2m_field in history_model._history_m2m_fields:
        if m2m_field.name == name:
            return m2m_field
    return history_model._meta.get_field(name)


def _kept_sets(history_model, records) -> dict[str, dict[int, set]]:
    """{many-to-many field name: {history row: the related pks it kept}} for the m2m fields the history keeps
    (Child.categories, HotlineCall.categories), one query per field. simple_history's diff_against would read them
    with two queries per row."""
    kept = {}
    for m2m_field in history_model._history_m2m_fields:
        rows = {record.history_id: set() for record in records}
        snapshots = getattr(history_model, m2m_field.name).model  # simple_history's table of the kept m2m rows
        target = f"{get_m2m_reverse_field_name(m2m_field)}_id"  # e.g. childcategory_id
        if rows:
            for history_id, pk in snapshots.objects.filter(history__in=list(rows)).values_list("history", target):
                rows[history_id].add(pk)
        kept[m2m_field.name] = rows
    return kept


def _related_objects(history_model, changes) -> dict:
    """{(related model, pk): object} for every foreign-key and many-to-many value in `changes`, one query per related
    model, in that model's order."""
    wanted: dict = {}
    for change in changes:
        model_field = _field(history_model, change.field)
        if isinstance(model_field, models.ForeignKey):
            wanted.setdefault(model_field.related_model, set()).update({change.old, change.new} - {None})
        elif isinstance(model_field, models.ManyToManyField):
            wanted.setdefault(model_field.related_model, set()).update(change.old | change.new)
    return {
        (model, found.pk): found
        for model, pks in wanted.items()
        for found in model._default_manager.filter(pk__in=pks)
    }


def _hash_fields(history_model) -> list[str]:
    """The keyed hashes of encrypted fields kept out of the history (Child.id_number_hash), which simple_history's
    diff leaves out (not editable)."""
    return [f.name for f in history_model.tracked_fields if _hashed_field(f) is not None]


def _changes(record, previous, hashes: list[str], kept: dict) -> list[ModelChange]:
    """simple_history's changes plus those of the `hashes`: an ID number entered, replaced or cleared shows like any
    other change (as the number's field, never the number: _describe); and those of the many-to-many fields `kept`
    (_kept_sets), each as the set of related pks before and after."""
    changes = record.diff_against(previous, excluded_fields=list(kept)).changes
    changes += [ModelChange(name, getattr(previous, name), getattr(record, name))
                for name in hashes if getattr(previous, name) != getattr(record, name)]
    changes += [ModelChange(name, rows[previous.history_id], rows[record.history_id])
                for name, rows in kept.items() if rows[previous.history_id] != rows[record.history_id]]
    return changes


def _hashed_field(model_field):
    """The encrypted field whose keyed hash `model_field` of a history model holds (Child.id_number_hash →
    id_number, itself kept out of the history), or None."""
    if not model_field.name.endswith("_hash"):
        return None
    model = getattr(model_field.model, "instance_type", model_field.model)
    try:
        source = model._meta.get_field(model_field.name.removesuffix("_hash"))
    except FieldDoesNotExist:
        return None
    return source if isinstance(source, EncryptedTextField) else None


def _describe(model_field, old, new, related: dict) -> FieldChange:
    label = str(model_field.verbose_name)
    if isinstance(model_field, EncryptedTextField):
        return FieldChange(label, _("（已加密，不显示）"), _("（已加密，不显示）"))
    source = _hashed_field(model_field)
    if source is not None:  # a number entered, replaced or cleared: shown as such, never the number nor its hash
        def shown(value):
            return _("（已加密，不显示）") if value else "—"
        return FieldChange(str(source.verbose_name), shown(old), shown(new))
    if isinstance(model_field, models.ManyToManyField):  # the names removed → the names added
        return FieldChange(label, _names(model_field, old - new, related), _names(model_field, new - old, related))
    return FieldChange(label, _display(model_field, old, related), _display(model_field, new, related))


def _names(model_field, pks: set, related: dict) -> str:
    """"孤儿、农村留守儿童" / "Orphan, Left-behind child": the related objects `pks` of a many-to-many field, in the
    reader's language and their model's order; "—" for none."""
    if not pks:
        return "—"
    model = model_field.related_model
    found = [obj for (related_model, pk), obj in related.items() if related_model is model and pk in pks]
    gone = [f"#{pk}" for pk in sorted(pks) if (model, pk) not in related]
    return text.series([*found, *gone])


def _display(model_field, value, related: dict):
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value
