"""Writing to the household timeline. Called by other apps' actions inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone

from yidang.timeline.models import TimelineEvent


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
        summary=summary[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )
