from __future__ import annotations

from django.db.models import QuerySet

from yidang.places.models import Room
from yidang.timeline.models import TimelineEvent


def timeline_of(room: Room) -> QuerySet[TimelineEvent]:
    """A household's events, newest first. The caller has already checked the room is visible."""
    return TimelineEvent.objects.filter(room=room).select_related("actor").order_by("-at", "-id")
