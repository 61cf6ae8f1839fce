"""Insert many plain rows at once: PostgreSQL's COPY when available, else bulk_create.

For the largest tables of the synthetic county (about ten home visits per child) building a model instance per
row costs more than the database's own work; COPY takes plain tuples. Columns that are not given get the
field's default, computed once. Values must already be what the column stores (no encrypted fields here).
"""

import io
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).translate(ESCAPES)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_db_prep_save(field.get_default(), connection)


def insert_rows(model, columns: list[str], rows: list[tuple], *, batch_size: int = 5000) -> None:
    """Insert `rows` (tuples in the order of `columns`, attribute names such as child_id) into `model`'s table."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows],
                                  batch_size=batch_size)
        return
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in columns]
    constants = [_copy_text(_default(field)) for field in others]
    names = ", ".join(connection.ops.quote_name(name) for name in
                      [model._meta.get_field(c).column for c in columns] + [field.column for field in others])
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join([*(_copy_text(value) for value in row), *constants]))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN", buffer)
