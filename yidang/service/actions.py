"""Every change of a ticket: one step, one transaction, one audit row, one timeline event.

A step is refused (``DomainError``) when the flow table does not allow it from the ticket's status,
when the actor may not take it (project, role, assignee), or when what it needs is missing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import Department
from yidang.accounts.queries import project_ids_of
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.places.models import Room
from yidang.service import sla
from yidang.service.filing import ticket_file
from yidang.service.flow import step_check
from yidang.service.models import (
    PRIORITIES_OF,
    Callback,
    CallbackMethod,
    ClockName,
    Satisfaction,
    Ticket,
    TicketCategory,
    TicketKind,
    TicketStatus,
    TicketStep,
)
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind
from yidang.workdays.queries import add_working_days

PREFIX = {
    TicketKind.REPAIR: "BX",
    TicketKind.COMPLAINT: "TS",
    TicketKind.ENQUIRY: "ZX",
    TicketKind.SUGGESTION: "JY",
    TicketKind.PRAISE: "BY",
}


@dataclass(frozen=True)
class TicketData:
    """What the front desk takes down when an owner calls, walks in or writes."""

    kind: str
    channel: str
    category: TicketCategory
    content: str
    reporter_name: str
    reporter_phone: str = ""
    room: Room | None = None
    place: str = ""
    priority: str = ""


def ticket_lock(ticket: Ticket) -> Ticket:
    """Re-read a ticket with its row lock: every step's read-modify-write serialises here."""
    return Ticket.objects.select_for_update().select_related("category").get(pk=ticket.pk)


def _require_project(actor: Any, project_id: int) -> None:
    if project_id not in project_ids_of(actor):
        raise DomainError(_("您不在该项目，不能处理这张工单"), code="forbidden")


def _require_perm(actor: Any, perm: str, message: str) -> None:
    if not actor.has_perm(perm):
        raise DomainError(message, code="forbidden")


def _validate(data: TicketData) -> str:
    if data.kind not in PRIORITIES_OF:
        raise DomainError(_("请选择工单类型"), field="kind")
    allowed = PRIORITIES_OF[TicketKind(data.kind)]
    priority = data.priority or allowed[0]
    if priority not in allowed:
        raise DomainError(
            _("%(kind)s工单不能选“%(p)s”级别") % {"kind": TicketKind(data.kind).label, "p": priority}, field="priority"
        )
    if data.kind not in data.category.kinds.split(","):
        raise DomainError(_("类别“%(c)s”不适用于该类型工单") % {"c": data.category.name}, field="category")
    if not data.content.strip():
        raise DomainError(_("请填写工单内容"), field="content")
    if not data.reporter_name.strip():
        raise DomainError(_("请填写报告人姓名"), field="reporter_name")
    if data.room is None and not data.place.strip():
        raise DomainError(_("请选择房屋或填写地点"), field="room")
    return priority


def _record(ticket: Ticket, *, action: str, actor: Any, before: str, note: str = "", at: datetime) -> None:
    """The step's history row, audit row and timeline event (the household's, when there is one)."""
    TicketStep.objects.create(
        ticket=ticket, at=at, action=action, actor=actor, from_status=before, to_status=ticket.status, note=note[:500]
    )
    audit_record(
        actor=actor,
        change=Change(
            f"ticket.{action}",
            ticket,
            before={"status": before} if before else None,
            after={"status": ticket.status, "note": note[:200]},
            project_id=ticket.project_id,
        ),
    )
    if ticket.room_id is not None:
        kind = {"register": EventKind.TICKET_OPEN, "close": EventKind.TICKET_CLOSE, "reject": EventKind.TICKET_CLOSE}
        timeline_add(
            room_id=ticket.room_id,
            kind=kind.get(action, EventKind.TICKET_STEP),
            summary=f"{ticket.get_kind_display()} {ticket.number}：{_step_summary(ticket, action, note)}",
            actor=actor,
            obj=ticket,
            at=at,
        )


def _step_summary(ticket: Ticket, action: str, note: str) -> str:
    from yidang.service.flow import STEPS

    label = _("登记") if action == "register" else str(STEPS[action].label) if action in STEPS else action
    return f"{label}{'（' + note[:80] + '）' if note else ''}"


@transaction.atomic
def ticket_register(*, data: TicketData, project: Any, actor: Any, at: datetime | None = None) -> Ticket:
    """A new ticket, numbered by kind and day (``BX20261123000042``), with its SLA clocks started."""
    _require_project(actor, project.pk)
    _require_perm(actor, "service.handle_ticket", _("只有客服人员可以登记工单"))
    if data.room is not None and data.room.project_id != project.pk:
        raise DomainError(_("房屋不属于该项目"), field="room")
    priority = _validate(data)
    at = at or timezone.now()
    ticket = Ticket.objects.create(
        number=f"tmp-{timezone.now().timestamp()}",
        project=project,
        room=data.room,
        place=data.place.strip(),
        kind=data.kind,
        channel=data.channel,
        category=data.category,
        priority=priority,
        content=data.content.strip(),
        reporter_name=data.reporter_name.strip(),
        reporter_phone=data.reporter_phone.strip(),
        registered_by=actor,
        registered_at=at,
        department=data.category.department,
    )
    ticket.number = f"{PREFIX[TicketKind(data.kind)]}{timezone.localdate(at):%Y%m%d}{ticket.pk:06d}"
    ticket.save(update_fields=["number"])
    sla.clocks_start(ticket, at)
    _record(ticket, action="register", actor=actor, before="", note=ticket.content[:80], at=at)
    return ticket


def _step(
    ticket: Ticket, name: str, *, actor: Any, note: str = "", at: datetime | None = None, **fields: Any
) -> Ticket:
    """Lock, check the flow table, apply ``fields`` and the step's status, record it."""
    ticket = ticket_lock(ticket)
    _require_project(actor, ticket.project_id)
    step = step_check(ticket, name)
    before = ticket.status
    at = at or timezone.now()
    for field, value in fields.items():
        setattr(ticket, field, at if value is _NOW else value)
    ticket.status = step.target
    ticket.save()
    _record(ticket, action=name, actor=actor, before=before, note=note, at=at)
    return ticket


_NOW = object()  # a field set to the step's own time


def _cs(actor: Any) -> None:
    _require_perm(actor, "service.handle_ticket", _("只有客服人员可以进行这一步"))


def _assignee(ticket: Ticket, actor: Any) -> None:
    if ticket.assignee_id != actor.pk:
        raise DomainError(_("只有被派工的处理人可以进行这一步"), code="forbidden")


@transaction.atomic
def ticket_accept(
    *, ticket: Ticket, actor: Any, deadline_at: datetime | None = None, at: datetime | None = None
) -> Ticket:
    """A complaint judged valid. A major complaint needs the deadline the manager sets."""
    _cs(actor)
    if ticket.priority == "major":
        if deadline_at is None:
            raise DomainError(_("重大投诉须由客服经理设定处理期限"), field="deadline_at")
        _require_perm(actor, "service.verify_complaint", _("重大投诉的处理期限须由客服经理设定"))
    ticket = _step(ticket, "accept", actor=actor, at=at, valid=True, deadline_at=deadline_at)
    sla.deadline_set(ticket, deadline_at)
    return ticket


@transaction.atomic
def ticket_reject(*, ticket: Ticket, explanation: str, actor: Any, at: datetime | None = None) -> Ticket:
    """A complaint that does not stand: the explanation given to the owner is recorded and it closes."""
    _cs(actor)
    if not explanation.strip():
        raise DomainError(_("请填写向业主所作的解释说明"), field="explanation")
    ticket = _step(
        ticket,
        "reject",
        actor=actor,
        note=explanation,
        at=at,
        valid=False,
        explanation=explanation.strip(),
        closed_at=_NOW,
    )
    sla.clocks_stop_all(ticket, ticket.closed_at)
    ticket_file(ticket=ticket, actor=actor)
    return ticket


@transaction.atomic
def ticket_dispatch(
    *, ticket: Ticket, department: str, assignee: Any, actor: Any, at: datetime | None = None
) -> Ticket:
    _cs(actor)
    if assignee is None or not assignee.is_active:
        raise DomainError(_("请选择处理人"), field="assignee")
    if ticket.project_id not in project_ids_of(assignee):
        raise DomainError(_("处理人不在该项目"), field="assignee")
    label = Department(department).label if department in Department.values else department
    note = f"{label} {assignee}"
    return _step(
        ticket, "dispatch", actor=actor, note=note, at=at, department=department, assignee=assignee, dispatched_at=_NOW
    )


@transaction.atomic
def ticket_acknowledge(*, ticket: Ticket, actor: Any, at: datetime | None = None) -> Ticket:
    _assignee(ticket, actor)
    return _step(ticket, "acknowledge", actor=actor, at=at, acknowledged_at=_NOW)


@transaction.atomic
def ticket_arrive(*, ticket: Ticket, actor: Any, at: datetime | None = None) -> Ticket:
    _assignee(ticket, actor)
    ticket = _step(ticket, "arrive", actor=actor, at=at, arrived_at=_NOW)
    sla.clock_stop(ticket, ClockName.ARRIVAL, ticket.arrived_at)
    return ticket


@transaction.atomic
def ticket_complete(*, ticket: Ticket, work_record: str, actor: Any, at: datetime | None = None) -> Ticket:
    _assignee(ticket, actor)
    if not work_record.strip():
        raise DomainError(_("请填写处理记录"), field="work_record")
    code = confirm_code_new()
    ticket = _step(
        ticket,
        "complete",
        actor=actor,
        note=work_record,
        at=at,
        work_record=work_record.strip(),
        completed_at=_NOW,
        confirm_code=code,
    )
    sla.clock_stop(ticket, ClockName.COMPLETION, ticket.completed_at)
    return ticket


def confirm_code_new() -> str:
    """A fresh six-digit owner confirmation code (issued when the work is completed)."""
    return f"{secrets.randbelow(10**6):06d}"


def _code_check(ticket: Ticket, confirmation: str) -> None:
    """A confirmation by code must carry the code issued to the owner for this completion."""
    from yidang.service.present import CODE_PREFIX

    if not confirmation.startswith(CODE_PREFIX):
        return
    given = confirmation.removeprefix(CODE_PREFIX).strip()
    if not ticket.confirm_code or not secrets.compare_digest(given, ticket.confirm_code):
        raise DomainError(_("确认码不正确，请核对业主收到的确认码"), field="code")


@transaction.atomic
def ticket_confirm(*, ticket: Ticket, confirmation: str, actor: Any, at: datetime | None = None) -> Ticket:
    """The owner confirms the work: a signature captured on screen or the confirmation code issued at completion
    (``确认码 <code>``; any other code is refused)."""
    if ticket.assignee_id != actor.pk:
        _cs(actor)
    if not confirmation.strip():
        raise DomainError(_("请业主签名或输入确认码"), field="confirmation")
    _code_check(ticket_lock(ticket), confirmation.strip())
    return _step(ticket, "confirm", actor=actor, at=at, confirmation=confirmation.strip()[:200], confirmed_at=_NOW)


@transaction.atomic
def ticket_return_slip(*, ticket: Ticket, actor: Any, at: datetime | None = None) -> Ticket:
    """The signed slip is back with customer service; its callback task is created, due on the working calendar."""
    _cs(actor)
    ticket = _step(ticket, "return_slip", actor=actor, at=at, returned_at=_NOW)
    assert ticket.returned_at is not None
    Callback.objects.create(
        ticket=ticket,
        project_id=ticket.project_id,
        created_at=ticket.returned_at,
        due_at=add_working_days(ticket.returned_at, settings.YIDANG_CALLBACK_WORKING_DAYS),
        visit_required=ticket.category.visit_callback,
    )
    return ticket


@transaction.atomic
def callback_record(
    *, callback: Callback, method: str, result: str, comment: str, actor: Any, reopen: bool = False
) -> Callback:
    """The callback's outcome. A category that needs a visit takes no phone call; a dissatisfied owner's ticket
    is reopened (``reopen``) or goes to the CS manager, and either way the comment is required."""
    _cs(actor)
    callback = Callback.objects.select_for_update().select_related("ticket").get(pk=callback.pk)
    _require_project(actor, callback.project_id)
    if callback.done_at is not None:
        raise DomainError(_("该回访已记录"))
    if method not in CallbackMethod.values or result not in Satisfaction.values:
        raise DomainError(_("请选择回访方式和回访结果"), field="method")
    if callback.visit_required and method == CallbackMethod.PHONE:
        raise DomainError(_("“%(c)s”类工单须上门或现场回访") % {"c": callback.ticket.category.name}, field="method")
    if result == Satisfaction.DISSATISFIED and not comment.strip():
        raise DomainError(_("业主不满意时须记录其意见"), field="comment")
    at = timezone.now()
    callback.method, callback.result, callback.comment = method, result, comment.strip()[:500]
    callback.done_by, callback.done_at = actor, at
    callback.escalated = result == Satisfaction.DISSATISFIED and not reopen
    callback.save()
    note = f"{callback.get_method_display()}·{callback.get_result_display()} {callback.comment}".strip()
    ticket = _step(callback.ticket, "callback", actor=actor, note=note, at=at)
    if result == Satisfaction.DISSATISFIED:
        _dissatisfied(ticket, callback, actor, reopen)
    return callback


def _dissatisfied(ticket: Ticket, callback: Callback, actor: Any, reopen: bool) -> None:
    if reopen:
        ticket_reopen(ticket=ticket, reason=_("回访不满意：%(c)s") % {"c": callback.comment}, actor=actor)
        return
    from yidang.notifications.actions import notify
    from yidang.service.queries import project_heads

    heads = [u for u in project_heads(ticket.project_id) if u.has_perm("service.verify_complaint")]
    text = _("工单 %(n)s 回访不满意，请客服经理处理：%(c)s") % {"n": ticket.number, "c": callback.comment}
    notify(users=heads, key=f"callback-dissatisfied-{callback.pk}", text=text, url=f"/service/{ticket.pk}/")


@transaction.atomic
def ticket_feedback(*, ticket: Ticket, note: str, actor: Any, at: datetime | None = None) -> Ticket:
    """First feedback to the complainant (the 24-hour clock stops); later feedback is only recorded."""
    _cs(actor)
    ticket = ticket_lock(ticket)
    _require_project(actor, ticket.project_id)
    if ticket.status == TicketStatus.CLOSED:
        raise DomainError(_("工单已关闭"))
    if not note.strip():
        raise DomainError(_("请填写反馈内容"), field="note")
    at = at or timezone.now()
    if ticket.feedback_at is None:
        ticket.feedback_at = at
        ticket.save(update_fields=["feedback_at"])
        sla.clock_stop(ticket, ClockName.FEEDBACK, at)
    _record(ticket, action="feedback", actor=actor, before=ticket.status, note=note, at=at)
    return ticket


@transaction.atomic
def ticket_verify(*, ticket: Ticket, note: str, actor: Any, at: datetime | None = None) -> Ticket:
    """The CS manager verifies and signs off a complaint's handling."""
    _require_perm(actor, "service.verify_complaint", _("只有客服经理可以核实投诉"))
    return _step(ticket, "verify", actor=actor, note=note, at=at, verified_by=actor, verified_at=_NOW)


@transaction.atomic
def ticket_close(*, ticket: Ticket, actor: Any, note: str = "", at: datetime | None = None) -> Ticket:
    _cs(actor)
    ticket = _step(ticket, "close", actor=actor, note=note, at=at, closed_at=_NOW)
    sla.clocks_stop_all(ticket, ticket.closed_at)
    ticket_file(ticket=ticket, actor=actor)
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, reason: str, actor: Any, at: datetime | None = None) -> Ticket:
    _cs(actor)
    if not reason.strip():
        raise DomainError(_("重开工单须说明原因"), field="reason")
    ticket = ticket_lock(ticket)
    count = ticket.reopen_count + 1
    return _step(ticket, "reopen", actor=actor, note=reason, at=at, reopen_count=count, closed_at=None, confirm_code="")


@transaction.atomic
def ticket_pause(*, ticket: Ticket, reason: str, actor: Any, at: datetime | None = None) -> Ticket:
    """Stop the clocks while waiting for the owner or for parts; the reason is kept."""
    ticket = ticket_lock(ticket)
    if ticket.assignee_id != actor.pk:
        _cs(actor)
    _require_project(actor, ticket.project_id)
    if ticket.status == TicketStatus.CLOSED or ticket.paused_since is not None:
        raise DomainError(_("工单已暂停或已关闭"))
    if not reason.strip():
        raise DomainError(_("暂停须说明原因（如等待业主、等待配件）"), field="reason")
    at = at or timezone.now()
    ticket.paused_since, ticket.pause_reason = at, reason.strip()[:200]
    ticket.save(update_fields=["paused_since", "pause_reason"])
    sla.clocks_pause(ticket, at)
    _record(ticket, action="pause", actor=actor, before=ticket.status, note=reason, at=at)
    return ticket


@transaction.atomic
def ticket_resume(*, ticket: Ticket, actor: Any, at: datetime | None = None) -> Ticket:
    ticket = ticket_lock(ticket)
    if ticket.assignee_id != actor.pk:
        _cs(actor)
    _require_project(actor, ticket.project_id)
    if ticket.paused_since is None:
        raise DomainError(_("工单没有暂停"))
    at = at or timezone.now()
    sla.clocks_resume(ticket, ticket.paused_since, at)
    ticket.paused_since, ticket.pause_reason = None, ""
    ticket.save(update_fields=["paused_since", "pause_reason"])
    _record(ticket, action="resume", actor=actor, before=ticket.status, at=at)
    return ticket
