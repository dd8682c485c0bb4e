"""Completion issues the owner a confirmation code; customer service reads it out, the worker enters what the owner
says, and only that code confirms the work."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.service import actions
from yidang.service.models import TicketStatus
from yidang.service.tests.page_helpers import completed, sign_in, state


def step_url(ticket, step):
    return f"/service/{ticket.pk}/{step}/"


def test_completing_the_work_issues_a_six_digit_code(world):
    ticket = completed(world)
    assert len(ticket.confirm_code) == 6 and ticket.confirm_code.isdigit()


def test_a_wrong_code_is_refused_and_nothing_changes(client, world):
    ticket = completed(world)
    wrong = "000000" if ticket.confirm_code != "000000" else "111111"
    before = state(ticket)
    response = sign_in(client, "engineer").post(step_url(ticket, "confirm"), {"confirm-code": wrong})
    assert response.status_code == 400 and "确认码不正确" in response.content.decode()
    assert state(ticket)[:3] == before[:3]


def test_the_issued_code_confirms_the_work(world):
    ticket = completed(world)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {ticket.confirm_code}", actor=world.engineer)
    assert ticket.status == TicketStatus.CONFIRMED


def test_customer_service_sees_the_code_to_read_to_the_owner_but_the_worker_does_not(client, world):
    ticket = completed(world)
    page = sign_in(client, "assistant").get(f"/service/{ticket.pk}/").content.decode()
    assert 'id="confirm-code"' in page and ticket.confirm_code in page
    client.logout()
    page = sign_in(client, "engineer").get(f"/service/{ticket.pk}/").content.decode()
    assert 'id="confirm-code"' not in page and ticket.confirm_code not in page


def test_a_reopened_ticket_needs_the_new_code_of_its_next_completion(world):
    ticket = completed(world)
    first = ticket.confirm_code
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {first}", actor=world.engineer)
    ticket = actions.ticket_return_slip(ticket=ticket, actor=world.assistant)
    actions.callback_record(
        callback=ticket.callbacks.get(),
        method="visit",
        result="dissatisfied",
        comment="仍漏水",
        actor=world.assistant,
        reopen=True,
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REOPENED and ticket.confirm_code == ""
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=world.engineer, actor=world.assistant
    )
    for step in (actions.ticket_acknowledge, actions.ticket_arrive):
        ticket = step(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_complete(ticket=ticket, work_record="更换整段水管", actor=world.engineer)
    if ticket.confirm_code != first:
        with pytest.raises(DomainError, match="确认码不正确"):
            actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {first}", actor=world.engineer)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {ticket.confirm_code}", actor=world.engineer)
    assert ticket.status == TicketStatus.CONFIRMED
