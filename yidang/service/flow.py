"""The ticket flow as a table: which step may follow which status, for which kinds of ticket.

Every step of ``actions.py`` goes through ``step_check``; a step not in this table is refused with a
message that names the ticket's status, so an invalid transition can never be saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yidang.core.errors import DomainError
from yidang.service.models import Ticket, TicketKind, TicketStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = TicketStatus
K = TicketKind
WORK_KINDS = frozenset({K.REPAIR, K.COMPLAINT})
ALL_KINDS = frozenset(K)


@dataclass(frozen=True)
class Step:
    label: StrOrPromise
    target: str
    sources: dict[str, frozenset[str]]  # kind -> statuses the step may start from

    def allowed_from(self, kind: str) -> frozenset[str]:
        return self.sources.get(kind, frozenset())


def _for(kinds: frozenset[str], *statuses: str) -> dict[str, frozenset[str]]:
    return {kind: frozenset(statuses) for kind in kinds}


STEPS: dict[str, Step] = {
    "accept": Step(gettext_lazy("投诉成立"), S.ACCEPTED, _for(frozenset({K.COMPLAINT}), S.REGISTERED)),
    "reject": Step(gettext_lazy("投诉不成立"), S.CLOSED, _for(frozenset({K.COMPLAINT}), S.REGISTERED)),
    "dispatch": Step(
        gettext_lazy("派工"),
        S.DISPATCHED,
        {K.REPAIR: frozenset({S.REGISTERED, S.REOPENED}), K.COMPLAINT: frozenset({S.ACCEPTED, S.REOPENED})},
    ),
    "acknowledge": Step(gettext_lazy("接单"), S.ACKNOWLEDGED, _for(WORK_KINDS, S.DISPATCHED)),
    "arrive": Step(gettext_lazy("到场"), S.ARRIVED, _for(WORK_KINDS, S.ACKNOWLEDGED)),
    "complete": Step(gettext_lazy("完工"), S.COMPLETED, _for(WORK_KINDS, S.ARRIVED)),
    "confirm": Step(gettext_lazy("业主确认"), S.CONFIRMED, _for(WORK_KINDS, S.COMPLETED)),
    "return_slip": Step(gettext_lazy("回单"), S.RETURNED, _for(WORK_KINDS, S.CONFIRMED)),
    "callback": Step(gettext_lazy("回访"), S.CALLED_BACK, _for(WORK_KINDS, S.RETURNED)),
    "verify": Step(gettext_lazy("经理核实"), S.VERIFIED, _for(frozenset({K.COMPLAINT}), S.CALLED_BACK)),
    "close": Step(
        gettext_lazy("关闭"),
        S.CLOSED,
        {
            K.REPAIR: frozenset({S.CALLED_BACK}),
            K.COMPLAINT: frozenset({S.VERIFIED}),
            **_for(frozenset({K.ENQUIRY, K.SUGGESTION, K.PRAISE}), S.REGISTERED),
        },
    ),
    "reopen": Step(gettext_lazy("重开"), S.REOPENED, _for(WORK_KINDS, S.CALLED_BACK, S.VERIFIED, S.CLOSED)),
}


def step_check(ticket: Ticket, name: str) -> Step:
    """The step, if the ticket's kind and status allow it; otherwise a DomainError saying why."""
    step = STEPS[name]
    if ticket.status in step.allowed_from(ticket.kind):
        return step
    if not step.sources.get(ticket.kind):
        raise DomainError(
            _("%(kind)s工单没有“%(step)s”这一步") % {"kind": ticket.get_kind_display(), "step": step.label},
            code="invalid_step",
        )
    if name == "close" and ticket.kind == K.COMPLAINT and ticket.status == S.CALLED_BACK:
        raise DomainError(_("投诉须经客服经理核实后才能关闭"), code="needs_verification")
    raise DomainError(
        _("工单当前状态为“%(status)s”，不能%(step)s") % {"status": ticket.get_status_display(), "step": step.label},
        code="invalid_step",
    )


def steps_available(ticket: Ticket) -> list[str]:
    """The steps the ticket's status allows now (the buttons a page may offer)."""
    return [name for name, step in STEPS.items() if ticket.status in step.allowed_from(ticket.kind)]
