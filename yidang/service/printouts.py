"""Printable documents of the service desk (WeasyPrint, Noto Sans CJK SC): a ticket's repair slip or complaint
handling report with a QR code to the ticket, and the satisfaction survey's analysis report."""

from __future__ import annotations

import base64
from typing import Any

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from yidang.printing.pdf import render_pdf
from yidang.printing.qr import qr_data_uri
from yidang.service.filing import document_title
from yidang.service.models import Ticket, TicketKind
from yidang.service.present import department_label, signature_path, step_label
from yidang.shelving.queries import absolute_url


def ticket_qr_url(ticket: Ticket) -> str:
    """What the printout's QR code holds: the absolute address of the ticket page."""
    return absolute_url(reverse("service:detail", args=[ticket.pk]))


def _signature_uri(ticket: Ticket) -> str:
    path = signature_path(ticket)
    if path is None or not default_storage.exists(path):
        return ""
    with default_storage.open(path, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode()


def ticket_document_context(ticket: Ticket, actor: Any) -> dict[str, Any]:
    steps = ticket.steps.select_related("actor").order_by("at", "id")
    archive = ticket.document.archive if ticket.document_id and ticket.document else None
    return {
        "ticket": ticket,
        "is_repair": ticket.kind == TicketKind.REPAIR,
        "title": document_title(ticket).split(" ")[0],
        "department": department_label(ticket.department),
        "history": [(s, step_label(s.action)) for s in steps],
        "callbacks": ticket.callbacks.select_related("done_by").filter(done_at__isnull=False).order_by("done_at"),
        "signature": _signature_uri(ticket),
        "archive": archive,
        "qr": qr_data_uri(ticket_qr_url(ticket)),
        "printed_at": timezone.localtime(),
        "printed_by": actor.get_full_name() or actor.get_username(),
    }


def ticket_document_pdf(ticket: Ticket, actor: Any) -> bytes:
    """报修单 of a repair, 投诉处理报告 of a complaint: one A4 page from the ticket's record."""
    return render_pdf("service/print/ticket.html", ticket_document_context(ticket, actor))


def survey_report_pdf(report: Any, actor: Any) -> bytes:
    """满意度调查分析报告: coverage against the target, bars per question and building, the trend, the opinions."""
    context = {
        "report": report,
        "campaign": report.campaign,
        "printed_at": timezone.localtime(),
        "printed_by": actor.get_full_name() or actor.get_username(),
    }
    return render_pdf("service/print/survey_report.html", context)
