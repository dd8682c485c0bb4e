"""Excel workbooks of the usage ledger and of a month's figures (openpyxl, write-only)."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from yidang.usage.models import UsageRecord
from yidang.usage.queries import Bar, UsageMonthly

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def ledger_workbook(rows: QuerySet[UsageRecord]) -> tuple[bytes, int]:
    """The filtered ledger as .xlsx (档案利用登记表), and how many rows it holds."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("档案利用登记表"))
    sheet.append(
        [
            _("时间"),
            _("利用方式"),
            _("利用人"),
            _("角色"),
            _("部门"),
            _("来访人"),
            _("目的"),
            _("档案号"),
            _("档案类别"),
            _("利用内容"),
            _("依据申请"),
        ]
    )
    count = 0
    for row in rows.iterator(chunk_size=CHUNK):
        sheet.append(
            [
                timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
                str(row.get_kind_display()),
                str(row.user) if row.user else "",
                row.role,
                row.department,
                row.visitor,
                row.purpose,
                row.archive.number if row.archive else "",
                row.category,
                row.what,
                f"#{row.request_id}" if row.request_id else "",
            ]
        )
        count += 1
    return _save(book), count


def monthly_workbook(monthly: UsageMonthly) -> bytes:
    """One sheet per breakdown of the month, and the 12-month trend."""
    book = Workbook(write_only=True)
    title = f"{monthly.month:%Y-%m}"
    _sheet(book, _("按利用方式"), _("利用方式"), monthly.by_kind, title)
    _sheet(book, _("按目的"), _("目的"), monthly.by_purpose, title)
    _sheet(book, _("按部门"), _("部门"), monthly.by_department, title)
    _sheet(book, _("按档案类别"), _("档案类别"), monthly.by_category, title)
    _sheet(book, _("近12个月"), _("月份"), [Bar(b.key, b.key, b.count, b.share) for b in monthly.trend], title)
    return _save(book)


def _sheet(book: Workbook, name: str, heading: str, bars: list[Bar], month: str) -> None:
    sheet = book.create_sheet(name)
    sheet.append([_("%(m)s 档案利用统计") % {"m": month}])
    sheet.append([heading, _("次数")])
    for bar in bars:
        sheet.append([bar.label, bar.count])
    sheet.append([_("合计"), sum(b.count for b in bars)])


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
