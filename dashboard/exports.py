"""The monthly report (月报) as an Excel workbook: a summary sheet of figures, then one sheet per list behind them."""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from audit.exports import XLSX_CONTENT_TYPE, safe_cell

from .reports import ReportList
from .tables import summary_tables


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def _a4(sheet) -> None:
    """Print on A4, as wide as the page."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    cell.font = Font(bold=True)
    return cell


def _append(sheet, values, *, bold=False):
    sheet.append([_bold(sheet, value) if bold else safe_cell(value) for value in values])


def report_workbook(figures: dict, lists: list[ReportList]) -> bytes:
    workbook = Workbook(write_only=True)  # streams rows: a township's lists run to thousands
    summary = workbook.create_sheet(_sheet_title(_("汇总")))
    summary.column_dimensions["A"].width = 28
    _a4(summary)
    _append(summary, [_("湛普镇未成年人保护工作月报"), figures["month"].key, figures["scope_name"]], bold=True)
    _append(summary, [_("生成时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    for table in summary_tables(figures):
        _append(summary, [])
        _append(summary, [table["title"]], bold=True)
        _append(summary, table["columns"], bold=True)
        for row in table["rows"]:
            _append(summary, row)
    for report in lists:
        sheet = workbook.create_sheet(_sheet_title(str(report.title)))
        sheet.freeze_panes = "A2"
        _a4(sheet)
        sheet.print_title_rows = "1:1"  # the header row on every printed page
        for letter in "ABCDEFGHIJ"[: len(report.columns)]:
            sheet.column_dimensions[letter].width = 16
        _append(sheet, report.columns, bold=True)
        for row in report.rows:
            _append(sheet, row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_response(figures: dict, lists: list[ReportList]) -> HttpResponse:
    filename = f"月报-{figures['month'].key}.xlsx"
    response = HttpResponse(report_workbook(figures, lists), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response
