"""A closed repair's 报修单 and a complaint's 投诉处理报告 become documents of the household's 服务记录, filed once;
printed as PDF with a QR code to the ticket, each printout in the usage ledger."""

from __future__ import annotations

from yidang.archive.models import Archive, Document
from yidang.printing.tests.readers import pdf_qr_codes, pdf_text
from yidang.service import actions
from yidang.service.actions import TicketData, ticket_register
from yidang.service.tests.helpers import category, complaint
from yidang.service.tests.page_helpers import closed, sign_in
from yidang.usage.models import UsageKind, UsageRecord


def to_close(world, ticket):
    """From registered (or reopened) through every step to closed."""
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=world.engineer, actor=world.assistant
    )
    for step in (actions.ticket_acknowledge, actions.ticket_arrive):
        ticket = step(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_complete(ticket=ticket, work_record="复查处理", actor=world.engineer)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {ticket.confirm_code}", actor=world.engineer)
    ticket = actions.ticket_return_slip(ticket=ticket, actor=world.assistant)
    callback = ticket.callbacks.filter(done_at__isnull=True).get()
    actions.callback_record(callback=callback, method="visit", result="satisfied", comment="", actor=world.assistant)
    return actions.ticket_close(ticket=ticket, actor=world.assistant)


def test_a_closed_repair_files_its_repair_slip_in_the_service_records(world):
    ticket = closed(world)
    document = Document.objects.select_related("doc_type__category", "archive").get(ticket=ticket)
    assert document.archive == Archive.objects.get(room=world.rooms["hy1503"])
    assert (document.doc_type.code, document.doc_type.category.name) == ("repair_slip", "服务记录")
    assert document.title == f"报修单 {ticket.number}（给排水）"


def test_a_rejected_complaint_files_its_handling_report(world):
    ticket = actions.ticket_reject(ticket=complaint(world), explanation="系正常施工时段", actor=world.assistant)
    assert Document.objects.get(ticket=ticket).doc_type.code == "complaint_report"


def test_a_reopened_and_closed_again_ticket_keeps_its_one_document(world):
    ticket = closed(world)
    first = ticket.document_id
    ticket = actions.ticket_reopen(ticket=ticket, reason="业主反映仍漏水", actor=world.assistant)
    ticket = to_close(world, ticket)
    assert ticket.status == "closed" and ticket.document_id == first
    assert Document.objects.filter(doc_type__code="repair_slip").count() == 1


def test_a_common_area_ticket_files_nothing(world):
    data = TicketData(
        kind="repair", channel="phone", category=category(), content="大堂漏水", reporter_name="保安", place="A2大堂"
    )
    ticket = to_close(world, ticket_register(data=data, project=world.hy, actor=world.assistant))
    assert ticket.status == "closed" and ticket.document_id is None
    assert not Document.objects.filter(doc_type__code="repair_slip").exists()


def test_the_printed_slip_reads_as_the_ticket_with_a_qr_code_to_it_and_is_in_the_usage_ledger(client, world, settings):
    settings.YIDANG_BASE_URL = "https://yidang.example"
    ticket = closed(world)
    response = sign_in(client, "assistant").get(f"/service/{ticket.pk}/print.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = pdf_text(pdf)
    assert "报修单" in text and ticket.number in text and "更换三通阀" in text and "厨房水管漏水" in text
    assert pdf_qr_codes(pdf) == [f"https://yidang.example/service/{ticket.pk}/"]
    use = UsageRecord.objects.get(kind=UsageKind.PRINT, document__ticket=ticket)
    assert use.user == world.assistant and use.what.startswith("报修单")


def test_another_projects_ticket_prints_nothing(client, world):
    ticket = closed(world)
    assert sign_in(client, "jm_assistant").get(f"/service/{ticket.pk}/print.pdf").status_code == 404
    assert not UsageRecord.objects.filter(kind=UsageKind.PRINT).exists()
