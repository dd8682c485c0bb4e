"""Complaints: judged valid or not first; an invalid one closes with the explanation given; a valid one
cannot close without the CS manager's verification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yidang.core.errors import DomainError
from yidang.service import actions
from yidang.service.models import TicketStatus
from yidang.service.tests.helpers import complaint


def handled(world, ticket):
    ticket = actions.ticket_accept(ticket=ticket, actor=world.supervisor)
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="security", assignee=world.engineer, actor=world.assistant
    )
    ticket = actions.ticket_acknowledge(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_arrive(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_complete(ticket=ticket, work_record="已约谈装修户，晚间停工", actor=world.engineer)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {ticket.confirm_code}", actor=world.assistant)
    ticket = actions.ticket_return_slip(ticket=ticket, actor=world.assistant)
    callback = ticket.callbacks.get()
    actions.callback_record(callback=callback, method="visit", result="satisfied", comment="", actor=world.assistant)
    ticket.refresh_from_db()
    return ticket


def test_an_invalid_complaint_closes_with_the_explanation_given(world):
    ticket = actions.ticket_reject(ticket=complaint(world), explanation="系业主自家装修，已解释", actor=world.assistant)
    assert ticket.status == TicketStatus.CLOSED and ticket.valid is False
    assert ticket.explanation == "系业主自家装修，已解释"


def test_an_invalid_complaint_needs_an_explanation(world):
    with pytest.raises(DomainError, match="解释"):
        actions.ticket_reject(ticket=complaint(world), explanation="", actor=world.assistant)


def test_a_complaint_cannot_be_dispatched_before_it_is_judged_valid(world):
    with pytest.raises(DomainError, match="不能派工"):
        actions.ticket_dispatch(
            ticket=complaint(world), department="security", assignee=world.engineer, actor=world.assistant
        )


def test_a_complaint_cannot_close_without_the_managers_verification(world):
    ticket = handled(world, complaint(world))
    with pytest.raises(DomainError, match="核实"):
        actions.ticket_close(ticket=ticket, actor=world.supervisor)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED_BACK


def test_only_the_cs_manager_verifies(world):
    ticket = handled(world, complaint(world))
    with pytest.raises(DomainError, match="客服经理"):
        actions.ticket_verify(ticket=ticket, note="已核实", actor=world.supervisor)
    ticket = actions.ticket_verify(ticket=ticket, note="已核实，处理得当", actor=world.manager)
    ticket = actions.ticket_close(ticket=ticket, actor=world.supervisor)
    assert ticket.status == TicketStatus.CLOSED and ticket.verified_by == world.manager


def test_a_major_complaint_needs_the_deadline_the_manager_sets(world):
    ticket = complaint(world, priority="major")
    with pytest.raises(DomainError, match="期限"):
        actions.ticket_accept(ticket=ticket, actor=world.manager)
    with pytest.raises(DomainError, match="客服经理"):
        actions.ticket_accept(ticket=ticket, actor=world.supervisor, deadline_at=timezone.now() + timedelta(days=5))
    ticket = actions.ticket_accept(ticket=ticket, actor=world.manager, deadline_at=timezone.now() + timedelta(days=5))
    assert ticket.clocks.get(name="closure").due_at == ticket.deadline_at


def test_an_enquiry_has_no_dispatch_step(world):
    from yidang.service.actions import TicketData, ticket_register
    from yidang.service.tests.helpers import category

    data = TicketData(
        kind="enquiry",
        channel="phone",
        category=category("收费"),
        content="物业费标准",
        reporter_name="张伟",
        room=world.rooms["hy1503"],
    )
    ticket = ticket_register(data=data, project=world.hy, actor=world.assistant)
    with pytest.raises(DomainError, match="没有"):
        actions.ticket_dispatch(ticket=ticket, department="cs", assignee=world.assistant, actor=world.assistant)
    assert actions.ticket_close(ticket=ticket, actor=world.assistant, note="已答复").status == TicketStatus.CLOSED
