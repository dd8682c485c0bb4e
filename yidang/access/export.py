"""The reading register (查阅登记表) as an Excel workbook and as a printable PDF."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.access.queries import RegisterRow
from yidang.printing.pdf import render_pdf


def register_columns() -> list[str]:
    return [
        _("申请编号"),
        _("日期"),
        _("类别"),
        _("查阅人"),
        _("部门 / 单位"),
        _("档案"),
        _("查阅目的"),
        _("批准人"),
        _("陪同人"),
        _("查阅时间段"),
        _("首次查阅"),
        _("最后查阅"),
        _("查阅次数"),
    ]


def _when(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def register_values(row: RegisterRow) -> list[Any]:
    req = row.request
    window = f"{_when(req.window_start)} — {_when(req.window_end)}"
    return [
        req.pk,
        f"{timezone.localtime(req.decided_at or req.created_at):%Y-%m-%d}",
        str(req.get_kind_display()),
        row.reader,
        row.organisation,
        "、".join(row.files),
        req.purpose,
        row.approver,
        "、".join(row.accompanying) or _("系统内查阅"),
        window,
        _when(row.first_read) or _("未查阅"),
        _when(row.last_read),
        row.reads,
    ]


def register_workbook(rows: list[RegisterRow], month: date, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{month:%Y-%m}"
    sheet.append([title])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.append(register_columns())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(register_values(row))
    widths = [9, 11, 16, 24, 16, 26, 30, 10, 14, 34, 17, 17, 9]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def register_pdf(rows: list[RegisterRow], month: date, title: str, actor: Any) -> bytes:
    context = {
        "rows": [register_values(r) for r in rows],
        "columns": register_columns(),
        "month": month,
        "title": title,
        "printed_at": timezone.localtime(),
        "printed_by": actor.get_full_name() or actor.get_username(),
    }
    return render_pdf("access/print/register.html", context)
