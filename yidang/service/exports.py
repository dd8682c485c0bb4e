"""Excel workbooks of the service desk (openpyxl, write-only): the survey analysis and the statistics reports.
Shares are written as numbers formatted as percentages, so the sheet can be summed and charted."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from yidang.service.reports import REGISTER_COLUMNS, Period, Section, register_row
from yidang.service.survey_report import SurveyReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


class Pct(float):
    """A share written as a percentage cell."""


def _cells(sheet: WriteOnlyWorksheet, values: Iterable[Any], bold: bool = False) -> list[Any]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Pct) else value)
        if isinstance(value, Pct):
            cell.number_format = "0.0%"
        if bold:
            cell.font = BOLD
        cells.append(cell)
    return cells


def _pct(value: float | None) -> Pct | str:
    return "" if value is None else Pct(value)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def survey_workbook(report: SurveyReport) -> bytes:
    """满意度调查分析: overview, per question, per building, trend, opinions — one sheet each."""
    c = report.campaign
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("概况"))
    sheet.append(_cells(sheet, [_("满意度调查分析报告")], bold=True))
    for label, value in [
        (_("调查"), c.name),
        (_("项目"), c.project.name),
        (_("调查期间"), f"{c.starts_on:%Y-%m-%d} — {c.ends_on:%Y-%m-%d}"),
        (_("应调查户数"), report.coverage.households),
        (_("已调查户数"), report.coverage.answered),
        (_("覆盖率"), _pct(report.coverage.rate)),
        (_("覆盖率目标"), Pct(0.95)),
        (_("总体满意率（满意+基本满意）"), _pct(report.overall)),
    ]:
        sheet.append(_cells(sheet, [label, value]))
    sheet = book.create_sheet(_("按题目"))
    sheet.append(
        _cells(
            sheet,
            [_("序号"), _("题目"), _("答卷数"), _("满意"), _("基本满意"), _("不满意"), _("满意率"), _("平均分")],
            True,
        )
    )
    for q in report.questions:
        row = [q.order, q.text, q.answers]
        row += (
            ["", "", "", "", round(q.mean_score or 0, 2)]
            if q.is_score
            else [q.satisfied, q.basic, q.dissatisfied, _pct(q.satisfaction), ""]
        )
        sheet.append(_cells(sheet, row))
    sheet = book.create_sheet(_("按楼栋"))
    sheet.append(_cells(sheet, [_("楼栋"), _("应调查户数"), _("已调查户数"), _("覆盖率"), _("满意率")], True))
    for b in report.buildings:
        sheet.append(_cells(sheet, [b.building, b.households, b.answered, _pct(b.coverage), _pct(b.satisfaction)]))
    sheet = book.create_sheet(_("历次趋势"))
    sheet.append(_cells(sheet, [_("调查"), _("开始日期"), _("覆盖率"), _("满意率")], True))
    for t in report.trend:
        row = [t.campaign.name, f"{t.campaign.starts_on:%Y-%m-%d}", _pct(t.coverage), _pct(t.satisfaction)]
        sheet.append(_cells(sheet, row))
    sheet = book.create_sheet(_("意见建议"))
    sheet.append(_cells(sheet, [_("房屋"), _("题目"), _("意见")], True))
    for comment in report.comments:
        sheet.append(_cells(sheet, [comment["response__room__code"], comment["question__text"], comment["text"]]))
    return _save(book)


def _section_sheet(book: Workbook, section: Section, title: str) -> None:
    sheet = book.create_sheet(section.title[:31])
    sheet.append(_cells(sheet, [title], True))
    if section.kind == "count":
        sheet.append(_cells(sheet, [section.heading, _("件数"), _("已关闭"), _("未关闭")], True))
        for r in section.rows:
            sheet.append(_cells(sheet, [r.label, r.total, r.part, r.other]))
        sheet.append(_cells(sheet, [_("合计"), section.total, section.part, section.total - section.part], True))
        return
    sheet.append(_cells(sheet, [section.heading, _("已结计时"), _("按时"), _("超时"), _("达成率")], True))
    for r in section.rows:
        sheet.append(_cells(sheet, [r.label, r.total, r.part, r.other, _pct(r.rate)]))


def stats_workbook(name: str, period: Period, sections: list[Section], register: Iterable[Any] = ()) -> bytes:
    """One statistics report: a sheet per section (or the register's lines), titled with the period."""
    book = Workbook(write_only=True)
    title = f"{name} {period.label}"
    if sections:
        for section in sections:
            _section_sheet(book, section, title)
    else:
        sheet = book.create_sheet(name[:31])
        sheet.append(_cells(sheet, [title], True))
        sheet.append(_cells(sheet, [str(c) for c in REGISTER_COLUMNS], True))
        for ticket in register:
            sheet.append(_cells(sheet, register_row(ticket)))
    return _save(book)
