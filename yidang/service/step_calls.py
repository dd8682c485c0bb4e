"""Each step of the flow as one call of its action, taking the step's input as a dict (a page form's or an API
serializer's cleaned data, with the same field names), so the pages and the API take exactly the same steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from yidang.core.errors import DomainError
from yidang.service import actions
from yidang.service.models import Callback, Ticket
from yidang.service.signatures import owner_confirm

StepCall = Callable[[Ticket, dict[str, Any], Any], Any]


def open_callback(ticket: Ticket) -> Callback:
    """The ticket's callback still to be made (the one its returned slip created)."""
    callback = ticket.callbacks.filter(done_at__isnull=True).order_by("-created_at").first()
    if callback is None:
        raise DomainError(_("该工单没有待记录的回访"))
    return callback


def callback_take(callback: Callback, d: dict[str, Any], actor: Any) -> Callback:
    return actions.callback_record(
        callback=callback,
        method=d["method"],
        result=d["result"],
        comment=d["comment"],
        actor=actor,
        reopen=d["reopen"],
    )


STEP_CALLS: dict[str, StepCall] = {
    "accept": lambda t, d, u: actions.ticket_accept(ticket=t, actor=u, deadline_at=d["deadline_at"]),
    "reject": lambda t, d, u: actions.ticket_reject(ticket=t, explanation=d["explanation"], actor=u),
    "dispatch": lambda t, d, u: actions.ticket_dispatch(
        ticket=t, department=d["department"], assignee=d["assignee"], actor=u
    ),
    "acknowledge": lambda t, d, u: actions.ticket_acknowledge(ticket=t, actor=u),
    "arrive": lambda t, d, u: actions.ticket_arrive(ticket=t, actor=u),
    "complete": lambda t, d, u: actions.ticket_complete(ticket=t, work_record=d["work_record"], actor=u),
    "confirm": lambda t, d, u: owner_confirm(ticket=t, signature=d["signature"], code=d["code"], actor=u),
    "return_slip": lambda t, d, u: actions.ticket_return_slip(ticket=t, actor=u),
    "callback": lambda t, d, u: callback_take(open_callback(t), d, u),
    "feedback": lambda t, d, u: actions.ticket_feedback(ticket=t, note=d["note"], actor=u),
    "verify": lambda t, d, u: actions.ticket_verify(ticket=t, note=d["note"], actor=u),
    "close": lambda t, d, u: actions.ticket_close(ticket=t, note=d["note"], actor=u),
    "reopen": lambda t, d, u: actions.ticket_reopen(ticket=t, reason=d["reason"], actor=u),
    "pause": lambda t, d, u: actions.ticket_pause(ticket=t, reason=d["reason"], actor=u),
    "resume": lambda t, d, u: actions.ticket_resume(ticket=t, actor=u),
}
