"""A repair goes register → dispatch → acknowledge → arrive → complete → confirm → slip back → callback → close,
each step once, in order, by the person whose step it is."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.service import actions
from yidang.service.models import TicketStatus, TicketStep
from yidang.service.tests.helpers import repair
from yidang.timeline.models import TimelineEvent


def walk_to_done(world, ticket):
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=world.engineer, actor=world.assistant
    )
    ticket = actions.ticket_acknowledge(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_arrive(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_complete(ticket=ticket, work_record="更换三通阀", actor=world.engineer)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation="业主签名", actor=world.engineer)
    return actions.ticket_return_slip(ticket=ticket, actor=world.assistant)


def test_a_registered_repair_is_numbered_by_kind_and_day(world):
    ticket = repair(world)
    assert ticket.number.startswith("BX") and len(ticket.number) == 16
    assert ticket.status == TicketStatus.REGISTERED


def test_a_repair_walks_the_whole_flow_and_every_step_is_kept(world):
    ticket = walk_to_done(world, repair(world))
    assert ticket.status == TicketStatus.RETURNED
    actions_taken = list(TicketStep.objects.filter(ticket=ticket).values_list("action", flat=True))
    assert actions_taken == ["register", "dispatch", "acknowledge", "arrive", "complete", "confirm", "return_slip"]


def test_every_step_lands_on_the_household_timeline(world):
    walk_to_done(world, repair(world))
    kinds = TimelineEvent.objects.filter(room=world.rooms["hy1503"], kind__startswith="ticket.").count()
    assert kinds == 7


def test_a_step_out_of_order_is_refused_and_changes_nothing(world):
    ticket = repair(world)
    with pytest.raises(DomainError, match="当前状态为“已登记”，不能回单"):
        actions.ticket_return_slip(ticket=ticket, actor=world.assistant)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REGISTERED and ticket.returned_at is None


def test_only_the_dispatched_worker_acknowledges(world):
    ticket = actions.ticket_dispatch(
        ticket=repair(world), department="engineering", assignee=world.engineer, actor=world.assistant
    )
    with pytest.raises(DomainError, match="处理人"):
        actions.ticket_acknowledge(ticket=ticket, actor=world.assistant)


def test_a_worker_outside_the_project_cannot_be_dispatched(world):
    with pytest.raises(DomainError, match="不在该项目"):
        actions.ticket_dispatch(
            ticket=repair(world), department="engineering", assignee=world.jm_assistant, actor=world.assistant
        )


def test_an_engineer_cannot_register_a_ticket(world):
    from yidang.service.actions import TicketData, ticket_register
    from yidang.service.tests.helpers import category

    data = TicketData(
        kind="repair",
        channel="phone",
        category=category(),
        content="漏水",
        reporter_name="张伟",
        room=world.rooms["hy1503"],
    )
    with pytest.raises(DomainError, match="客服"):
        ticket_register(data=data, project=world.hy, actor=world.engineer)


def test_completion_needs_a_work_record(world):
    ticket = repair(world)
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=world.engineer, actor=world.assistant
    )
    ticket = actions.ticket_acknowledge(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_arrive(ticket=ticket, actor=world.engineer)
    with pytest.raises(DomainError, match="处理记录"):
        actions.ticket_complete(ticket=ticket, work_record=" ", actor=world.engineer)


def test_reopening_needs_a_reason_and_sends_the_ticket_back_for_dispatch(world):
    ticket = walk_to_done(world, repair(world))
    actions.callback_record(
        callback=ticket.callbacks.get(), method="phone", result="basic", comment="", actor=world.assistant
    )
    with pytest.raises(DomainError, match="原因"):
        actions.ticket_reopen(ticket=ticket, reason="", actor=world.assistant)
    ticket = actions.ticket_reopen(ticket=ticket, reason="业主反映仍漏水", actor=world.assistant)
    assert ticket.status == TicketStatus.REOPENED and ticket.reopen_count == 1
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=world.engineer, actor=world.assistant
    )
    assert ticket.status == TicketStatus.DISPATCHED
