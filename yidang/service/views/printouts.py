"""A ticket's repair slip / complaint handling report as PDF; every printout is in the audit trail and the
usage ledger (kind ``print``, naming the filed document when there is one)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from yidang.printing.actions import printout_record
from yidang.service.filing import FILED_AS, document_title
from yidang.service.printouts import ticket_document_pdf
from yidang.service.queries import ticket_get
from yidang.service.views.common import user_of, view_required
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind


def pdf_response(body: bytes, filename: str, content_type: str = "application/pdf") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(content_type != "application/pdf", filename) or ""
    return response


@require_GET
@login_required
@view_required
def ticket_print(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    ticket = ticket_get(user, pk)
    if ticket.kind not in FILED_AS:
        raise Http404("该类工单没有报修单或投诉处理报告")
    body = ticket_document_pdf(ticket, user)
    title = document_title(ticket)
    document = ticket.document if ticket.document_id else None
    printout_record(actor=user, action="print.ticket_document", obj=ticket, project_id=ticket.project_id)
    usage_record(
        user=user,
        kind=UsageKind.PRINT,
        document=document,
        archive=document.archive if document else None,
        project_id=ticket.project_id,
        what=title,
    )
    return pdf_response(body, f"{title.split('（')[0].replace(' ', '-')}.pdf")
