"""Into the file: a closed repair's slip (报修单) and a complaint's handling report (投诉处理报告) become a
document of the household's 服务记录, filed once, at the ticket's close (or a complaint's rejection).

The document's content is the ticket itself: its PDF (``printouts.ticket_document_pdf``) is rendered from
the ticket whenever it is printed, with a QR code back to the ticket page.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.archive.actions import DocumentData, archive_open, document_add
from yidang.archive.models import Archive, ArchiveStatus, Document, DocumentType
from yidang.service.models import Ticket, TicketKind

# The document type each kind of ticket is filed as (added by migration service 0003).
FILED_AS = {TicketKind.REPAIR: "repair_slip", TicketKind.COMPLAINT: "complaint_report"}


def document_title(ticket: Ticket) -> str:
    """``报修单 BX20261123000042（给排水）``: what the printout and the filed document are called."""
    name = _("报修单") if ticket.kind == TicketKind.REPAIR else _("投诉处理报告")
    return f"{name} {ticket.number}（{ticket.category.name}）"


def ticket_file(*, ticket: Ticket, actor: Any) -> Document | None:
    """File the ticket's slip or report in its household's file, inside the caller's transaction.

    Nothing is filed for other kinds of ticket, for common-area tickets (no household), for a file that is
    closed or handed over, or a second time (a reopened ticket keeps the document it was filed as).
    """
    code = FILED_AS.get(TicketKind(ticket.kind)) if ticket.kind in FILED_AS else None
    if code is None or ticket.room_id is None or ticket.document_id is not None:
        return None
    assert ticket.room is not None
    archive = Archive.objects.filter(room_id=ticket.room_id).first() or archive_open(room=ticket.room, actor=actor)
    if archive.status != ArchiveStatus.ACTIVE:
        return None
    data = DocumentData(
        doc_type=DocumentType.objects.get(code=code),
        title=document_title(ticket),
        doc_date=timezone.localdate(ticket.closed_at or timezone.now()),
        source=_("客服中心"),
        paper_present=False,  # printed from the ticket and put in the folder by the archivist
        note=_("由工单 %(n)s 生成，可在工单页打印") % {"n": ticket.number},
    )
    document = document_add(archive=archive, data=data, actor=actor)
    ticket.document = document
    ticket.save(update_fields=["document"])
    return document
