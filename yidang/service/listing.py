"""The ticket list of the desk and the API: filters and keyset pages, fast with a million tickets.

A page never counts and never sorts the project's tickets. The status filter names a few statuses (one, the
open ones, all of them); each (project, status) pair is one range of the (project, status, -registered_at)
index, read newest first and cut at the page size, and the ranges are merged by one UNION ALL … ORDER BY …
LIMIT — PostgreSQL answers it with a Merge Append of short index scans. The next page continues after the
last ticket shown (``after``: its registered_at and id) instead of an OFFSET. The rooms a query names come
from the household search index, so ``1503`` or ``张伟`` finds the tickets of those households.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yidang.accounts.queries import project_ids_of
from yidang.households.search import matching_rooms
from yidang.service.models import OPEN_STATUSES, SlaClock, Ticket, TicketKind, TicketStatus

PAGE_SIZE = 30
ROOMS_PER_QUERY = 50  # a search naming more households than this is too broad to list their tickets
MAX_RANGES = 60  # beyond this many (project, status) ranges one plain query does better

# The status filter: the statuses themselves, plus three views of them.
STATUS_VIEWS = [("open", _("未关闭")), ("dispatch", _("待派工")), ("all", _("全部"))]
SLA_RUNNING_OUT, SLA_LATE = "on", "late"
SLA_VIEWS = [("", _("全部")), (SLA_RUNNING_OUT, _("预警或超时")), (SLA_LATE, _("只看已超时"))]


def sla_view(value: str) -> str:
    """The ``sla`` filter of a query string: ``on`` (also ``1`` / ``true``, as links and the API wrote it),
    ``late``, or "" for anything else."""
    value = value.strip().lower()
    if value in ("1", "true", SLA_RUNNING_OUT):
        return SLA_RUNNING_OUT
    return SLA_LATE if value == SLA_LATE else ""


_NUMBER = re.compile(r"^[A-Za-z]{2}\d{0,14}$")


@dataclass(frozen=True)
class TicketFilter:
    """What the list is narrowed to; every field optional. ``status`` is a TicketStatus or a STATUS_VIEWS key."""

    status: str = "open"
    kind: str = ""
    category_id: int | None = None
    building_id: int | None = None
    sla: str = ""  # SLA_RUNNING_OUT: a running clock past its warning time; SLA_LATE: past its due time
    query: str = ""
    assignee_id: int | None = None


@dataclass(frozen=True)
class StatusRange:
    """One status the filter matches, with what else a ticket in it must be (待派工: the kinds that wait)."""

    status: str
    where: Q = field(default_factory=Q)


def status_ranges(f: TicketFilter) -> list[StatusRange]:
    if f.status == "dispatch":  # the same tickets as queries.awaiting_dispatch(), one status at a time
        return [
            StatusRange(TicketStatus.REGISTERED, Q(kind=TicketKind.REPAIR)),
            StatusRange(TicketStatus.ACCEPTED, Q(kind=TicketKind.COMPLAINT)),
            StatusRange(TicketStatus.REOPENED, Q(kind__in=[TicketKind.REPAIR, TicketKind.COMPLAINT])),
        ]
    if f.status in TicketStatus.values:
        return [StatusRange(f.status)]
    return [StatusRange(s) for s in (OPEN_STATUSES if f.status == "open" else TicketStatus.values)]


def tickets_filtered(tickets: QuerySet[Ticket], f: TicketFilter, user: Any) -> QuerySet[Ticket]:
    """``tickets`` (already scoped to what the user may see) narrowed by ``f`` — all but the status, which
    ``ticket_page`` applies range by range."""
    if f.kind:
        tickets = tickets.filter(kind=f.kind)
    if f.category_id:
        tickets = tickets.filter(category_id=f.category_id)
    if f.building_id:
        tickets = tickets.filter(room__building_id=f.building_id)
    if f.assignee_id:
        tickets = tickets.filter(assignee_id=f.assignee_id)
    if f.sla:  # a clock still running whose warning (or due) time has come; closed tickets' clocks are stopped
        passed = "warn_at__lte" if f.sla == SLA_RUNNING_OUT else "due_at__lte"
        clocks = SlaClock.objects.filter(ticket=OuterRef("pk"), stopped_at__isnull=True, **{passed: timezone.now()})
        tickets = tickets.filter(Exists(clocks))
    if f.query:
        tickets = tickets.filter(_matching(f.query, user))
    return tickets


def _matching(query: str, user: Any) -> Q:
    """A ticket number (or its start), the households the query finds, or the reporter's name."""
    query = query.strip()
    if _NUMBER.match(query):
        return Q(number__startswith=query.upper())
    rooms = [row["room_id"] for row in matching_rooms(query, project_ids_of(user))[:ROOMS_PER_QUERY]]
    return Q(room_id__in=rooms) | Q(reporter_name=query)


@dataclass(frozen=True)
class TicketPage:
    tickets: list[Ticket]
    next_cursor: str  # "" on the last page


def ticket_page(
    tickets: QuerySet[Ticket],
    *,
    ranges: list[StatusRange],
    project_ids: list[int],
    after: str = "",
    size: int = PAGE_SIZE,
) -> TicketPage:
    """Newest first, ``size`` tickets of the status ``ranges`` after the cursor, with their running clocks.
    ``project_ids``: the projects ``tickets`` is limited to (the ranges are read per project)."""
    position = cursor_parse(after)
    if position is not None:
        at, pk = position
        # the redundant ``registered_at <= at`` is the index's range condition: without it PostgreSQL reads the
        # (project, status, registered_at) index from the newest ticket down to the cursor, row by row
        tickets = tickets.filter(Q(registered_at__lt=at) | Q(registered_at=at, pk__lt=pk), registered_at__lte=at)
    ids = _newest_ids(tickets, size + 1, ranges, project_ids)
    found = Ticket.objects.filter(pk__in=ids).select_related("project", "room", "category", "assignee")
    by_id = {t.pk: t for t in found.prefetch_related(running_clocks())}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    more = len(rows) > size
    rows = rows[:size]
    return TicketPage(rows, cursor_of(rows[-1]) if more else "")


_NEWEST = ("-registered_at", "-id")


def _newest_ids(tickets: QuerySet[Ticket], n: int, ranges: list[StatusRange], project_ids: list[int]) -> list[int]:
    pairs = [(p, r) for p in project_ids for r in ranges]
    if not pairs:
        return []
    if connection.features.supports_slicing_ordering_in_compound and 1 < len(pairs) <= MAX_RANGES:
        parts = [
            tickets.filter(r.where, project_id=p, status=r.status)
            .order_by(*_NEWEST)
            .values_list("registered_at", "id")[:n]
            for p, r in pairs
        ]
        return [pk for _at, pk in parts[0].union(*parts[1:], all=True).order_by(*_NEWEST)[:n]]
    where = reduce(operator.or_, [Q(r.where, status=r.status) for r in ranges])
    return list(tickets.filter(where).order_by(*_NEWEST).values_list("id", flat=True)[:n])


def running_clocks() -> Prefetch:
    return Prefetch(
        "clocks", queryset=SlaClock.objects.filter(stopped_at__isnull=True).order_by("due_at"), to_attr="running"
    )


def cursor_of(ticket: Ticket) -> str:
    return f"{ticket.registered_at.isoformat()}~{ticket.pk}"


def cursor_parse(raw: str) -> tuple[datetime, int] | None:
    """The (registered_at, id) a cursor names; None for an empty or malformed one (the first page)."""
    at, _sep, pk = (raw or "").partition("~")
    if not pk.isdigit() or len(pk) > 18:
        return None
    try:
        when = datetime.fromisoformat(at.replace(" ", "+"))
    except ValueError:
        return None
    return (when if timezone.is_aware(when) else timezone.make_aware(when)), int(pk)
