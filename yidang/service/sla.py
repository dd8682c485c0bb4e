"""SLA clocks: started when a ticket is registered, stopped by the step they time, swept for warnings.

A policy's limit is wall-clock minutes, or — where the policy says so — counted on the working
calendar (``yidang.workdays``): whole days become working days, and "same day" means the end of the
working day (the next working day's end when the ticket comes in after hours). A pause moves the
deadline on by the time paused. ``sla_sweep`` claims due clocks by their indexed ``next_check_at``
with ``SELECT … FOR UPDATE SKIP LOCKED``, so several workers can sweep at once and a warning is
sent once (the notification's unique key makes sure of it even across a crash and a re-run). The
assignee hears of each clock warned or breached; the project's CS supervisors and managers get one digest
per project and batch of the sweep (how many tickets are late, the first few numbers, a link to the list).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.service.listing import SLA_LATE
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


def sla_sweep(*, now: datetime, batch: int = 1000) -> dict[str, int]:
    """One pass over the due clocks, batch by batch; returns how many were warned and breached."""
    totals = {"warned": 0, "breached": 0}
    heads = _HeadsByProject()
    while True:
        done = _sweep_batch(now, batch, heads)
        for key in totals:
            totals[key] += done[key]
        if done["claimed"] < batch:
            return totals


class _Due(NamedTuple):
    """A claimed clock as the sweep reads it: plain values, no model objects."""

    pk: int
    name: str
    due_at: datetime
    warn_at: datetime
    warned_at: datetime | None
    ticket_id: int
    number: str
    project_id: int
    assignee_id: int | None
    registered_by_id: int | None


_CLAIMED = ("pk", "name", "due_at", "warn_at", "warned_at", "ticket_id", "ticket__number", "ticket__project_id",
            "ticket__assignee_id", "ticket__registered_by_id")  # fmt: skip


@transaction.atomic
def _sweep_batch(now: datetime, batch: int, heads: _HeadsByProject) -> dict[str, int]:
    """Claim up to ``batch`` due clocks, settle them with three set-based UPDATEs, send the notices in one
    INSERT — all in the batch's transaction, so a crash sends nothing for clocks it did not settle."""
    rows = (
        SlaClock.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(next_check_at__lte=now)
        .order_by("next_check_at")
        .values_list(*_CLAIMED)[:batch]
    )
    claimed = [_Due(*row) for row in rows]
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
    _notify(breached, warned, heads)
    return {"claimed": len(claimed), "warned": len(warned), "breached": len(breached)}


class _HeadsByProject(dict[int, list[int]]):
    """The ids of each project's active CS supervisors and managers, looked up once per sweep, with the
    project's name (their digest names it) and their addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.emails: dict[int, str] = {}
        self.project_names: dict[int, str] = {}

    def __missing__(self, project_id: int) -> list[int]:
        from yidang.places.models import Project
        from yidang.service.queries import project_heads

        people = project_heads(project_id)
        self.emails.update({u.pk: u.email for u in people if u.email})
        self.project_names[project_id] = Project.objects.values_list("name", flat=True).get(pk=project_id)
        self[project_id] = ids = [u.pk for u in people]
        return ids


Row = tuple[int, str, str, str]  # (user id, key, text, url): a notice as notify_rows takes it
DIGEST_NUMBERS = 5  # ticket numbers a heads' digest names; the rest are "等"


def _notify(breached: list[_Due], warned: list[_Due], heads: _HeadsByProject) -> None:
    """The assignee (or whoever registered an undispatched ticket) hears of each clock warned or breached;
    the project's heads get one digest of the batch's breaches (a backlog of thousands is one notice each)."""
    from yidang.accounts.models import User
    from yidang.notifications.actions import notify_rows

    firsts = {first for c in breached + warned if (first := c.assignee_id or c.registered_by_id)}
    active = dict(User.objects.filter(pk__in=firsts, is_active=True).values_list("pk", "email"))
    rows = _clock_notices("breach", breached, active) + _clock_notices("warn", warned, active)
    rows += _digests(breached, heads)
    notify_rows(rows, emails=heads.emails | {pk: email for pk, email in active.items() if email})


def _clock_notices(what: str, clocks: list[_Due], active: dict[int, str]) -> list[Row]:
    from yidang.service.models import ClockName

    texts = {
        "warn": _("工单 %(n)s %(c)s时限将于 %(t)s 到期"),
        "breach": _("工单 %(n)s %(c)s已超时（应于 %(t)s 前完成）"),
    }
    labels = {name: str(label) for name, label in ClockName.choices}
    zone = timezone.get_current_timezone()
    rows: list[Row] = []
    for c in clocks:
        first = c.assignee_id or c.registered_by_id
        if first in active:
            text = texts[what] % {"n": c.number, "c": labels[c.name], "t": f"{c.due_at.astimezone(zone):%m-%d %H:%M}"}
            rows.append((first, f"sla-{what}-{c.pk}", text, f"/service/{c.ticket_id}/"))
    return rows


def _digests(breached: list[_Due], heads: _HeadsByProject) -> list[Row]:
    """One notice per head of each project with breaches in the batch: how many tickets, the first few
    numbers, a link to the list of what is late. Keyed by the batch's first breached clock
    of the project — a clock breaches once, so a re-run after a crash finds the same key and sends nothing."""
    by_project: dict[int, list[_Due]] = {}
    for c in breached:
        by_project.setdefault(c.project_id, []).append(c)
    url = reverse("service:list") + "?" + urlencode({"status": "open", "sla": SLA_LATE})
    rows: list[Row] = []
    for project_id, clocks in by_project.items():
        people = heads[project_id]
        text = _digest_text(heads.project_names[project_id], list(dict.fromkeys(c.number for c in clocks)))
        key = f"sla-breach-heads-{min(c.pk for c in clocks)}"
        rows += [(head, key, text, url) for head in people]
    return rows


def _digest_text(project: str, numbers: list[str]) -> str:
    shown = {"p": project, "n": len(numbers), "numbers": "、".join(numbers[:DIGEST_NUMBERS])}
    if len(numbers) <= DIGEST_NUMBERS:
        return _("%(p)s：%(n)d 张工单超时：%(numbers)s") % shown
    return _("%(p)s：%(n)d 张工单超时：%(numbers)s 等") % shown
