"""The year-end count report (年度档案清点报告) as a printable PDF and as Excel."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from yidang.printing.pdf import render_pdf
from yidang.stocktake.models import StocktakeLine
from yidang.stocktake.queries import YearReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT_KEYS = ("expected", "in_place", "misplaced", "missing", "unknown", "on_loan")


def count_header() -> list[str]:
    return [
        _("清点范围"), _("开始"), _("完成"), _("清点人"), _("账面档案袋"), _("在架且位置正确"),
        _("在架但错位"), _("缺失"), _("无法识别的编码"), _("借出中"), _("说明"),
    ]  # fmt: skip


def count_rows(report: YearReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for take in report.stocktakes:
        rows.append(
            [
                f"{take.area.code} {take.area.display_name}",
                timezone.localtime(take.started_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(take.closed_at).strftime("%Y-%m-%d %H:%M") if take.closed_at else "",
                str(take.started_by),
                *(getattr(take, k) for k in COUNT_KEYS),
                take.note,
            ]
        )
    return rows


def total_row(report: YearReport) -> list[Any]:
    return [_("合计"), "", "", "", *(report.totals[k] for k in COUNT_KEYS), ""]


def problem_header() -> list[str]:
    return [_("结果"), _("清点范围"), _("档案号/编码"), _("房号"), _("账面位置"), _("发现位置"), _("借阅人"), _("备注")]


def problem_row(line: StocktakeLine, labels: dict[int, str]) -> list[Any]:
    return [
        str(line.get_outcome_display()),
        line.stocktake.area.code,
        line.code,
        line.archive.room.code if line.archive else "",
        labels.get(line.expected_location_id or 0, ""),
        labels.get(line.found_location_id or 0, ""),
        str(line.loan.borrower) if line.loan else "",
        line.note,
    ]


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    sheet = book.create_sheet(title[:31])
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(row)


def report_xlsx(report: YearReport, labels: dict[int, str]) -> bytes:
    """Two sheets: the counts per area with their total, and every line that was not in place."""
    book = Workbook(write_only=True)
    _sheet(
        book,
        _("清点汇总"),
        count_header(),
        [*count_rows(report), total_row(report)],
        [30, 17, 17, 10, 10, 12, 10, 8, 12, 8, 24],
    )
    _sheet(
        book,
        _("差异明细"),
        problem_header(),
        [problem_row(line, labels) for line in report.problems],
        [14, 22, 20, 14, 40, 40, 10, 20],
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(report: YearReport, labels: dict[int, str], printed_by: Any) -> bytes:
    return render_pdf(
        "stocktake/print_report.html",
        {
            "report": report,
            "title": _("%(y)s 年度档案清点报告") % {"y": report.year},
            "count_header": count_header(),
            "count_rows": count_rows(report),
            "total_row": total_row(report),
            "problem_header": problem_header(),
            "problem_rows": [problem_row(line, labels) for line in report.problems],
            "printed_at": timezone.localtime(),
            "printed_by": printed_by,
        },
    )
