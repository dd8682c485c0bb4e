"""The printed 质量检查记录 of one file: its checklist as checked, the findings and their chase tasks."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yidang.archive.queries import owner_names
from yidang.inspections.models import InspectionRecord
from yidang.inspections.queries import record_checklist
from yidang.printing.pdf import render_pdf
from yidang.printing.qr import qr_data_uri
from yidang.shelving.printouts import archive_qr_url


def record_pdf(record: InspectionRecord, actor: Any) -> bytes:
    """A4 form with a QR code to the file's archive page. The caller checked the user may see it."""
    findings = {f.doc_type_id: f for f in record.findings.select_related("chase_task__owner", "document")}
    items = list(record_checklist(record))
    context = {
        "record": record,
        "inspection": record.inspection,
        "archive": record.archive,
        "room": record.archive.room,
        "owner": owner_names([record.archive.room_id]).get(record.archive.room_id, ""),
        "rows": [(i, findings.get(i.doc_type_id)) for i in items],
        "problems": len(findings),
        "qr": qr_data_uri(archive_qr_url(record.archive)),
        "printed_at": timezone.localtime(),
        "printed_by": actor.get_full_name() or actor.get_username(),
    }
    return render_pdf("inspections/print_record.html", context)
