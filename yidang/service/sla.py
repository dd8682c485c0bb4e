"""SLA clocks: started when a ticket is registered, stopped by the step they time, swept for warnings.

A policy's limit is wall-clock minutes, or — where the policy says so — counted on the working
calendar (``yidang.workdays``): whole days become working days, and "same day" means the end of the
working day (the next working day's end when the ticket comes in after hours). A pause moves the
deadline on by the time paused. ``sla_sweep`` claims due clocks by their indexed ``next_check_at``
with ``SELECT … FOR UPDATE SKIP LOCKED``, so several workers can sweep at once and a warning is
sent once (the notification's unique key makes sure of it even across a crash and a re-run).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.notifications.actions import Notice, notify_many
from yidang.service.models import SlaClock, SlaPolicy, Ticket
from yidang.workdays.queries import add_working_days, end_of_working_day

DAY = 24 * 60


def due_for(policy: SlaPolicy, start: datetime) -> datetime | None:
    """When a clock under ``policy`` started at ``start`` falls due; None when the manager sets it."""
    if policy.same_day:
        return end_of_working_day(start)
    if policy.minutes is None:
        return None
    if policy.working_calendar and policy.minutes % DAY == 0:
        return add_working_days(start, policy.minutes // DAY)
    return start + timedelta(minutes=policy.minutes)


def warn_at_for(start: datetime, due: datetime) -> datetime:
    """The warning time: ``YIDANG_SLA_WARN`` before the deadline ("20%" of the span, or minutes)."""
    rule = settings.YIDANG_SLA_WARN
    span = due - start
    lead = span * (float(rule[:-1]) / 100) if rule.endswith("%") else timedelta(minutes=int(rule))
    return max(start, due - min(lead, span))


def _clock(ticket: Ticket, name: str, start: datetime, due: datetime) -> SlaClock:
    warn = warn_at_for(start, due)
    return SlaClock(ticket=ticket, name=name, started_at=start, due_at=due, warn_at=warn, next_check_at=warn)


def clocks_start(ticket: Ticket, at: datetime) -> list[SlaClock]:
    policies = SlaPolicy.objects.filter(kind=ticket.kind, priority=ticket.priority, active=True)
    clocks = [_clock(ticket, p.clock, at, due) for p in policies if (due := due_for(p, at)) is not None]
    return SlaClock.objects.bulk_create(clocks)


def deadline_set(ticket: Ticket, deadline: datetime | None) -> None:
    """The closure deadline a manager sets for a major complaint."""
    if deadline is None:
        return
    clock = _clock(ticket, "closure", ticket.registered_at, deadline)
    SlaClock.objects.update_or_create(
        ticket=ticket,
        name="closure",
        defaults={
            "started_at": clock.started_at,
            "due_at": deadline,
            "warn_at": clock.warn_at,
            "next_check_at": clock.warn_at,
        },
    )


def _running(ticket: Ticket) -> Any:
    return SlaClock.objects.select_for_update().filter(ticket=ticket, stopped_at__isnull=True)


def clock_stop(ticket: Ticket, name: str, at: datetime | None) -> None:
    """The step the clock times is done. Done late is a breach even if no sweep saw it."""
    for clock in _running(ticket).filter(name=name):
        _stop(clock, at)


def clocks_stop_all(ticket: Ticket, at: datetime | None) -> None:
    for clock in _running(ticket):
        _stop(clock, at)


def _stop(clock: SlaClock, at: datetime | None) -> None:
    clock.stopped_at = at
    clock.next_check_at = None
    if at is not None and at > clock.due_at and clock.breached_at is None:
        clock.breached_at = clock.due_at
    clock.save(update_fields=["stopped_at", "next_check_at", "breached_at"])


def clocks_pause(ticket: Ticket, at: datetime) -> None:
    """No warnings while paused: the running clocks leave the sweep until resumed."""
    _running(ticket).filter(breached_at__isnull=True).update(next_check_at=None)


def clocks_resume(ticket: Ticket, since: datetime, at: datetime) -> None:
    paused = at - since
    for clock in _running(ticket).filter(breached_at__isnull=True):
        clock.due_at += paused
        clock.warn_at += paused
        clock.paused_seconds += int(paused.total_seconds())
        clock.next_check_at = clock.warn_at if clock.warned_at is None else clock.due_at
        clock.save(update_fields=["due_at", "warn_at", "paused_seconds", "next_check_at"])


@transaction.atomic
def sla_breach_explain(*, clock: SlaClock, reason: str, actor: Any) -> SlaClock:
    """Why a deadline was missed, as the supervisor records it."""
    from yidang.audit.actions import Change, audit_record
    from yidang.core.errors import DomainError

    if clock.breached_at is None:
        raise DomainError(_("该时限没有超时"))
    if not reason.strip():
        raise DomainError(_("请填写超时原因"), field="reason")
    clock = SlaClock.objects.select_for_update().get(pk=clock.pk)
    before = clock.breach_reason
    clock.breach_reason = reason.strip()[:200]
    clock.save(update_fields=["breach_reason"])
    change = Change(
        "sla.breach_reason", clock, {"reason": before}, {"reason": clock.breach_reason}, clock.ticket.project_id
    )
    audit_record(actor=actor, change=change)
    return clock


def sla_sweep(*, now: datetime, batch: int = 500) -> dict[str, int]:
    """One pass over the due clocks, batch by batch; returns how many were warned and breached."""
    totals = {"warned": 0, "breached": 0}
    while True:
        done = _sweep_batch(now, batch)
        for key in totals:
            totals[key] += done[key]
        if done["claimed"] < batch:
            return totals


@transaction.atomic
def _sweep_batch(now: datetime, batch: int) -> dict[str, int]:
    """Claim up to ``batch`` due clocks, settle them with three set-based UPDATEs, send the notices in one INSERT."""
    claimed = list(
        SlaClock.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("ticket__assignee", "ticket__registered_by")
        .filter(next_check_at__lte=now)
        .order_by("next_check_at")[:batch]
    )
    breached = [c for c in claimed if now >= c.due_at]
    warned = [c for c in claimed if now < c.due_at and c.warned_at is None and now >= c.warn_at]
    settled = {c.pk for c in breached} | {c.pk for c in warned}
    clocks = SlaClock.objects
    clocks.filter(pk__in=[c.pk for c in breached]).update(breached_at=F("due_at"), next_check_at=None)
    clocks.filter(pk__in=[c.pk for c in warned]).update(warned_at=now, next_check_at=F("due_at"))
    rest = [c.pk for c in claimed if c.pk not in settled]  # claimed early (e.g. a moved deadline): re-aim
    clocks.filter(pk__in=rest).update(
        next_check_at=Case(When(warned_at__isnull=True, then=F("warn_at")), default=F("due_at"))
    )
    heads = _HeadsByProject()
    notices = [n for c in breached for n in _notice(c, "breach", heads)]
    notify_many(notices + [n for c in warned for n in _notice(c, "warn", heads)])
    return {"claimed": len(claimed), "warned": len(warned), "breached": len(breached)}


class _HeadsByProject(dict[int, list[Any]]):
    """The CS supervisors and managers of each project, looked up once per batch."""

    def __missing__(self, project_id: int) -> list[Any]:
        from yidang.service.queries import project_heads

        self[project_id] = heads = project_heads(project_id)
        return heads


def _notice(clock: SlaClock, what: str, heads: _HeadsByProject) -> list[Notice]:
    ticket = clock.ticket
    due = f"{timezone.localtime(clock.due_at):%m-%d %H:%M}"
    names = {"n": ticket.number, "c": clock.get_name_display(), "t": due}
    if what == "warn":
        text = _("工单 %(n)s %(c)s时限将于 %(t)s 到期") % names
    else:
        text = _("工单 %(n)s %(c)s已超时（应于 %(t)s 前完成）") % names
    people = [ticket.assignee or ticket.registered_by] + (heads[ticket.project_id] if what == "breach" else [])
    unique = {p.pk: p for p in people if p is not None and p.is_active}
    key, url = f"sla-{what}-{clock.pk}", f"/service/{ticket.pk}/"
    return [Notice(user=u, key=key, text=text, url=url) for u in unique.values()]
