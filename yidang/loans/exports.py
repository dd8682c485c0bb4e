"""The lending register (文件借阅登记表) as Excel and as a printable PDF."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from yidang.loans.models import Loan
from yidang.printing.pdf import render_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _at(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def approvers(loan: Loan) -> str:
    names = [str(u) for u in (loan.head_approved_by, loan.manager_approved_by) if u is not None]
    return " / ".join(dict.fromkeys(names))


def return_check(loan: Loan) -> str:
    """The return note, with any incident kinds: ``缺失、损坏：第3页破损``."""
    kinds = "、".join(str(i.get_kind_display()) for i in loan.incidents.all())
    return f"{kinds}：{loan.return_note}" if kinds else loan.return_note


def register_header() -> list[str]:
    return [
        _("序号"), _("借出时间"), _("档案号"), _("房号"), _("借阅人"), _("部门"), _("借阅目的"),
        _("借出档案室"), _("审批人"), _("借出经办"), _("应还时间"), _("续借"), _("归还时间"),
        _("收回经办"), _("归还检查"), _("状态"),
    ]  # fmt: skip


def register_row(loan: Loan) -> list[Any]:
    return [
        loan.pk,
        _at(loan.checked_out_at),
        loan.archive.number,
        loan.archive.room.code,
        str(loan.borrower),
        loan.borrower.get_department_display(),
        loan.purpose,
        _("是") if loan.out_of_room else _("否"),
        approvers(loan),
        str(loan.checked_out_by or ""),
        _at(loan.due_at),
        loan.renewals,
        _at(loan.returned_at),
        str(loan.returned_to or ""),
        return_check(loan),
        str(loan.get_status_display()),
    ]


def register_xlsx(loans: Iterable[Loan], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    widths = [7, 17, 20, 14, 10, 10, 24, 10, 16, 10, 17, 6, 17, 10, 30, 12]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for text in register_header():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for loan in loans:
        sheet.append(register_row(loan))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def register_pdf(loans: list[Loan], *, title: str, printed_by: Any) -> bytes:
    return render_pdf(
        "loans/print_register.html",
        {
            "title": title,
            "header": register_header(),
            "rows": [register_row(loan) for loan in loans],
            "printed_at": timezone.localtime(),
            "printed_by": printed_by,
        },
    )
