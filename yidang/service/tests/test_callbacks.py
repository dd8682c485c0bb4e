"""Every repair and complaint whose slip is back gets a callback; some categories need a visit; a dissatisfied
owner reopens the ticket or sends it to the CS manager."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.notifications.models import Notification
from yidang.service import actions
from yidang.service.models import TicketStatus
from yidang.service.tests.helpers import repair
from yidang.service.tests.test_repair_flow import walk_to_done


def test_a_returned_slip_creates_one_callback_due_the_next_working_day(world):
    ticket = walk_to_done(world, repair(world))
    callback = ticket.callbacks.get()
    assert callback.done_at is None and callback.due_at > ticket.returned_at


def test_a_category_that_needs_a_visit_refuses_a_phone_callback(world):
    ticket = walk_to_done(world, repair(world, cat="停水"))
    callback = ticket.callbacks.get()
    assert callback.visit_required
    with pytest.raises(DomainError, match="上门"):
        actions.callback_record(
            callback=callback, method="phone", result="satisfied", comment="", actor=world.assistant
        )
    actions.callback_record(callback=callback, method="visit", result="satisfied", comment="", actor=world.assistant)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED_BACK


def test_a_callback_is_recorded_once(world):
    callback = walk_to_done(world, repair(world)).callbacks.get()
    actions.callback_record(callback=callback, method="phone", result="satisfied", comment="", actor=world.assistant)
    with pytest.raises(DomainError, match="已记录"):
        actions.callback_record(
            callback=callback, method="phone", result="satisfied", comment="", actor=world.assistant
        )


def test_a_dissatisfied_owner_needs_their_words_recorded(world):
    callback = walk_to_done(world, repair(world)).callbacks.get()
    with pytest.raises(DomainError, match="意见"):
        actions.callback_record(
            callback=callback, method="phone", result="dissatisfied", comment="", actor=world.assistant
        )


def test_dissatisfied_and_reopened_sends_the_ticket_back_to_dispatch(world):
    ticket = walk_to_done(world, repair(world))
    actions.callback_record(
        callback=ticket.callbacks.get(),
        method="phone",
        result="dissatisfied",
        comment="仍在滴水",
        actor=world.assistant,
        reopen=True,
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REOPENED and ticket.reopen_count == 1


def test_dissatisfied_and_not_reopened_goes_to_the_cs_manager(world):
    ticket = walk_to_done(world, repair(world))
    callback = actions.callback_record(
        callback=ticket.callbacks.get(), method="phone", result="dissatisfied", comment="态度差", actor=world.assistant
    )
    assert callback.escalated
    told = list(
        Notification.objects.filter(key=f"callback-dissatisfied-{callback.pk}").values_list("user__username", flat=True)
    )
    assert told == ["manager"]
