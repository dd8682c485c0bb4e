"""How tickets are shown: the state of each SLA clock, the names of steps, how the owner confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yidang.accounts.models import Department
from yidang.service.flow import STEPS
from yidang.service.models import Priority, SlaClock, Ticket, TicketKind, TicketStatus

# Step names the history shows besides the flow's own (flow.STEPS).
EXTRA_STEP_LABELS = {
    "register": gettext_lazy("登记"),
    "feedback": gettext_lazy("反馈"),
    "pause": gettext_lazy("暂停计时"),
    "resume": gettext_lazy("恢复计时"),
}

# What the owner's confirmation is recorded as: a stored signature image, or the code the owner read out.
SIGNATURE_PREFIX = "业主签名 "
CODE_PREFIX = "确认码 "
SIGNATURE_DIR = "service/signatures/"


def step_label(name: str) -> str:
    if name in STEPS:
        return str(STEPS[name].label)
    return str(EXTRA_STEP_LABELS.get(name, name))


def department_label(code: str) -> str:
    return str(Department(code).label) if code in Department.values else code


def signature_path(ticket: Ticket) -> str | None:
    """The storage path of the owner's signature, when the confirmation was signed on screen."""
    if not ticket.confirmation.startswith(SIGNATURE_PREFIX):
        return None
    path = ticket.confirmation.removeprefix(SIGNATURE_PREFIX)
    return path if path.startswith(SIGNATURE_DIR) and ".." not in path else None


@dataclass(frozen=True)
class ClockView:
    """One SLA clock as a page shows it: ``state`` is ok / warn / late / paused / met / missed."""

    name: str
    due_at: datetime
    state: str
    text: str


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)d天%(h)d小时") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d小时%(m)d分") % {"h": hours, "m": mins}
    return _("%(m)d分钟") % {"m": mins}


def clock_view(clock: SlaClock, now: datetime, paused_since: datetime | None = None) -> ClockView:
    name = clock.get_name_display()
    if clock.stopped_at is not None:
        late = clock.breached_at is not None or clock.stopped_at > clock.due_at
        state, text = ("missed", _("超时完成")) if late else ("met", _("按时完成"))
        return ClockView(name, clock.due_at, state, text)
    if clock.breached_at is not None or now >= clock.due_at:
        return ClockView(name, clock.due_at, "late", _("已超时 %(t)s") % {"t": _span(now - clock.due_at)})
    if paused_since is not None:
        left = _span(clock.due_at - paused_since)
        return ClockView(name, clock.due_at, "paused", _("已暂停，剩余 %(t)s") % {"t": left})
    state = "warn" if now >= clock.warn_at else "ok"
    return ClockView(name, clock.due_at, state, _("剩余 %(t)s") % {"t": _span(clock.due_at - now)})


def worst_clock(clocks: list[SlaClock], now: datetime, paused_since: datetime | None = None) -> ClockView | None:
    """The running clock closest to (or furthest past) its deadline: the one a list shows."""
    if not clocks:
        return None
    return clock_view(min(clocks, key=lambda c: c.due_at), now, paused_since)


@dataclass(frozen=True)
class TicketRow:
    """A ticket as the desk's list shows it, in plain values: the labels are looked up once per page, not
    through ``get_…_display`` three times a row."""

    pk: int
    number: str
    kind: str
    kind_label: str
    category: str
    priority: str
    priority_label: str
    status: str
    status_label: str
    paused: bool
    place: str
    reporter_name: str
    content: str
    registered_at: datetime
    assignee: str
    clock: ClockView | None


def ticket_rows(tickets: list[Ticket], now: datetime) -> list[TicketRow]:
    """The list's rows; each ticket comes with ``room``, ``category``, ``assignee`` and its ``running`` clocks."""
    kinds, priorities, statuses = (_labels(c) for c in (TicketKind, Priority, TicketStatus))
    return [
        TicketRow(
            pk=t.pk,
            number=t.number,
            kind=t.kind,
            kind_label=kinds[t.kind],
            category=t.category.name,
            priority=t.priority,
            priority_label=priorities[t.priority],
            status=t.status,
            status_label=statuses[t.status],
            paused=t.paused_since is not None,
            place=t.room.code if t.room else t.place,
            reporter_name=t.reporter_name,
            content=t.content,
            registered_at=t.registered_at,
            assignee=str(t.assignee) if t.assignee else "",
            clock=worst_clock(t.running, now, t.paused_since),  # type: ignore[attr-defined]
        )
        for t in tickets
    ]


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


# ---- months (the callback figures are per month) ---------------------------------------------------------


def month_of(raw: str) -> date:
    """The first day of the month a ``YYYY-MM`` names; this month when absent or malformed."""
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def month_span(first: date) -> tuple[datetime, datetime]:
    """The month as [start, end) in local time."""
    return _midnight(first), _midnight(next_month(first))


def _midnight(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))
