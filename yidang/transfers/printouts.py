"""The printable transfer sheet (PDF, with a QR code back to the sheet) and the period's Excel export."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.printing.pdf import render_pdf
from yidang.printing.qr import qr_data_uri
from yidang.transfers.models import TransferSheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_url(sheet: TransferSheet) -> str:
    return settings.YIDANG_BASE_URL.rstrip("/") + reverse("transfers:detail", args=[sheet.pk])


def sheet_pdf(sheet: TransferSheet, items: list[Any], user: Any) -> bytes:
    folders = sum(1 for i in items if i.document_id is None)
    context = {
        "sheet": sheet,
        "items": items,
        "folders": folders,
        "documents": len(items) - folders,
        "pages": sum(i.document.pages for i in items if i.document_id),
        "qr": qr_data_uri(sheet_url(sheet)),
        "printed_at": timezone.localtime(),
        "printed_by": user,
    }
    return render_pdf("transfers/sheet_print.html", context)


HEADERS = ["移交单号", "项目", "移交类别", "移交人", "接收人", "移交时间", "状态", "签收时间", "签收人"]
HEADERS += ["档案号", "房号", "件号", "题名", "收到", "差异/拒收说明"]


def _minute(at: Any) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else ""


def sheets_xlsx(sheets: list[TransferSheet]) -> bytes:
    """One row per line of each sheet, times to the minute."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = _("移交单")
    ws.append(HEADERS)
    for sheet in sheets:
        head = [
            sheet.number,
            sheet.project.name,
            sheet.get_route_display(),
            sheet.sender_label,
            sheet.receiver_label,
            _minute(sheet.sent_at),
            sheet.get_status_display(),
            _minute(sheet.received_at),
            sheet.received_signer or (str(sheet.received_by) if sheet.received_by else ""),
        ]
        for item in sheet.items.all():
            doc = item.document
            got = "" if item.received is None else ("是" if item.received else "否")
            note = item.missing_note or (sheet.receiver_note if sheet.status == "refused" else "")
            number = doc.item_no if doc else "整袋"
            ws.append([*head, item.archive.number, item.archive.room.code, number, doc.title if doc else "", got, note])
    for column, width in zip(
        "ABCDEFGHIJKLMNO", [22, 12, 26, 14, 20, 17, 14, 17, 12, 20, 14, 8, 30, 6, 30], strict=True
    ):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
