"""Shared Excel helpers: formula-injection-safe cells and an xlsx download response."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choice_labels(model, field: str) -> dict:
    """Stored value → translated label of a field with choices, built once per export: get_FOO_display() looks the
    value up and translates its label again for every row, the larger part of a big ledger's time."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def user_name(real_name: str | None, username: str | None) -> str:
    """A user as str(user) names them (registry.models.User: real name, else user name), from the two columns, so
    that a ledger need not load whole users; "" for nobody."""
    return real_name or username or ""


def safe_cell(value):
    """A value safe to write into a spreadsheet: text that a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if isinstance(value, str):  # most cells: checked first, this runs millions of times in a large export
        return safe_cell(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local time (Asia/Shanghai)
    if value is None or isinstance(value, int | float | date):
        return value
    return safe_cell(str(value))  # lazy translations, model instances


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """An .xlsx download with one sheet: `header` then `rows`, every cell passed through `safe_cell`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([safe_cell(str(title)) for title in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response
