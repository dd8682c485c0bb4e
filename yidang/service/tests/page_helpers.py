"""Helpers for the desk's page and API tests: signing in, tickets at a given step, a drawn signature, a snapshot."""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image, ImageDraw

from tests.world import PASSWORD
from yidang.audit.models import AuditEvent
from yidang.service import actions
from yidang.service.models import Callback, Ticket, TicketStep
from yidang.service.tests.helpers import repair


def sign_in(client: Any, username: str) -> Any:
    assert client.login(username=username, password=PASSWORD)
    return client


def signature_data_url() -> str:
    """A signature as the page's canvas sends it: a PNG data URL with a stroke on white."""
    image = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(image).line([(20, 80), (80, 30), (150, 90), (260, 40)], fill="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def dispatched(world: Any) -> Ticket:
    """A repair of 张伟's room, dispatched to the engineer."""
    return actions.ticket_dispatch(
        ticket=repair(world), department="engineering", assignee=world.engineer, actor=world.assistant
    )


def completed(world: Any) -> Ticket:
    ticket = dispatched(world)
    ticket = actions.ticket_acknowledge(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_arrive(ticket=ticket, actor=world.engineer)
    return actions.ticket_complete(ticket=ticket, work_record="更换三通阀", actor=world.engineer)


def returned(world: Any) -> Ticket:
    ticket = completed(world)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {ticket.confirm_code}", actor=world.engineer)
    return actions.ticket_return_slip(ticket=ticket, actor=world.assistant)


def state(ticket: Ticket) -> tuple[Any, ...]:
    """What a refused step must leave as it was: the ticket's row, its history, callbacks and the audit trail."""
    row = Ticket.objects.filter(pk=ticket.pk).values().get()
    return (
        row,
        TicketStep.objects.filter(ticket=ticket).count(),
        Callback.objects.filter(ticket=ticket).count(),
        AuditEvent.objects.exclude(action__startswith="account.").count(),  # signing in is audited too
    )


def closed(world: Any) -> Ticket:
    """A repair of 张伟's room taken through to its close (callback satisfied)."""
    ticket = returned(world)
    actions.callback_record(
        callback=ticket.callbacks.get(), method="visit", result="satisfied", comment="", actor=world.assistant
    )
    return actions.ticket_close(ticket=ticket, actor=world.assistant)
