"""Writing to the household timeline. Called by other apps' actions inside their transaction.

The timeline is an append-only stream: an app that has something to tell about a household
calls ``timeline_add`` (one event) or ``timeline_add_many`` (bulk paths: import, demo seed)
with a ``kind`` (see ``EventKind``; a kind not listed there is still stored and shown raw).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from yidang.core.bulk import bulk_insert
from yidang.timeline.models import TimelineEvent

SUMMARY_MAX = 300


def timeline_add(
    *,
    room_id: int,
    kind: str,
    summary: str,
    actor: Any = None,
    obj: Model | None = None,
    data: dict[str, Any] | None = None,
    at: Any = None,
) -> TimelineEvent:
    """Append one event to a household's timeline. ``data`` must hold no clear personal numbers."""
    return TimelineEvent.objects.create(
        room_id=room_id,
        at=at or timezone.now(),
        kind=kind,
        summary=summary[:SUMMARY_MAX],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )


@dataclass(frozen=True)
class EventRow:
    """One event for ``timeline_add_many``. ``object_type`` is a model label (``households.occupancy``)."""

    room_id: int
    kind: str
    summary: str
    at: datetime | None = None
    actor_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)


_COLUMNS = ["room_id", "at", "kind", "summary", "actor_id", "object_type", "object_id", "data"]


def timeline_add_many(rows: Iterable[EventRow], *, at: datetime | None = None) -> int:
    """Append many events in one COPY (PostgreSQL) / executemany (SQLite); returns the count.

    For the bulk paths that write occupancies without actions (import, demo seed). Rows without
    their own ``at`` take ``at`` (default: now). Must run inside the caller's transaction.
    """
    default_at = at or timezone.now()
    return bulk_insert(TimelineEvent, _COLUMNS, _values(rows, default_at))


def _values(rows: Iterable[EventRow], default_at: datetime) -> Iterator[tuple[Any, ...]]:
    adapt = connection.ops.adapt_datetimefield_value
    for row in rows:
        yield (
            row.room_id,
            adapt(row.at or default_at),
            row.kind,
            row.summary[:SUMMARY_MAX],
            row.actor_id,
            row.object_type,
            row.object_id,
            json.dumps(row.data, ensure_ascii=False),
        )
