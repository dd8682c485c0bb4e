from __future__ import annotations

from typing import Any

from django import template

from yidang.timeline.present import EventView, present, targets_of
from yidang.timeline.queries import timeline_page

register = template.Library()

RECENT = 10


@register.simple_tag
def timeline_recent(room: Any, archive: Any = None, limit: int = RECENT) -> list[EventView]:
    """The last events of a household, for the partial on the archive and household pages (one query)."""
    if room is None or not getattr(room, "pk", None):
        return []
    archive_id = getattr(archive, "pk", None)
    return present(timeline_page(room, limit=limit).events, targets_of(room.pk, archive_id))
