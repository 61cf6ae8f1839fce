"""The shared Excel helpers: formula injection is neutralised and the workbook reads back."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from audit.exports import safe_cell, xlsx_response


@pytest.mark.parametrize("value", ["=1+1", "+86 139", "-5", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_safe_cell_prefixes_formula_starts(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "13912345678", "", None, 5, -5, 2.5, dt.date(2020, 1, 1)])
def test_safe_cell_leaves_other_values_alone(value):
    assert safe_cell(value) == value


def test_xlsx_response_writes_neutralised_cells_and_local_times():
    when = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 30))
    response = xlsx_response("台账.xlsx", ["姓名", "备注", "时间"], [["张三", "=cmd|' /C calc'!A0", when]])
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E5%8F%B0%E8%B4%A6.xlsx"
    assert response["Cache-Control"] == "no-store"
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "备注", "时间")
    assert rows[1] == ("张三", "'=cmd|' /C calc'!A0", dt.datetime(2026, 3, 1, 9, 30))
