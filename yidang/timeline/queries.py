"""Reading a household's timeline: newest first, a page at a time by keyset on (at, id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from yidang.accounts.models import User
from yidang.households.queries import households_visible_to
from yidang.places.models import Room
from yidang.timeline.models import TimelineEvent

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_KINDS = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def timeline_room_get(user: User, room_id: int) -> Room:
    """The household whose timeline ``user`` may read; any other id answers 404."""
    room = households_visible_to(user).select_related("project", "building").filter(pk=room_id).first()
    if room is None:
        raise Http404("没有找到该住户")
    return room


def requested_kinds(values: list[str]) -> list[str]:
    """Kinds asked for, as ``?kind=a&kind=b`` or ``?kind=a,b``."""
    kinds = [k.strip()[:40] for value in values for k in value.split(",") if k.strip()]
    return list(dict.fromkeys(kinds))[:MAX_KINDS]


def timeline_of(room: Room) -> QuerySet[TimelineEvent]:
    """A household's events, newest first. The caller has already checked the room is visible."""
    return TimelineEvent.objects.filter(room=room).select_related("actor").order_by("-at", "-id")


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the (at, id) of its last event. Encoded as ``<µs since epoch>_<id>``."""

    at: datetime
    id: int

    @classmethod
    def after(cls, event: TimelineEvent) -> Cursor:
        return cls(at=event.at, id=event.pk)

    def encode(self) -> str:
        return f"{(self.at - _EPOCH) // timedelta(microseconds=1)}_{self.id}"

    @classmethod
    def decode(cls, raw: str) -> Cursor | None:
        """The cursor of ``raw``, or None when it is not one (the caller then starts at the newest)."""
        micros, sep, pk = (raw or "").partition("_")
        if not sep or not pk.isdigit() or not micros.lstrip("-").isdigit():
            return None
        try:
            return cls(at=_EPOCH + timedelta(microseconds=int(micros)), id=int(pk))
        except OverflowError:
            return None


@dataclass
class TimelinePage:
    events: list[TimelineEvent]
    next: Cursor | None  # where the following (older) page starts; None on the last page


def timeline_page(
    room: Room, *, kinds: Sequence[str] = (), before: Cursor | None = None, limit: int = PAGE_SIZE
) -> TimelinePage:
    """One page of a household's events, newest first, older than ``before``, only ``kinds`` if given.

    Keyset pagination: the query is served by the (room, -at, -id) index and reads ``limit + 1``
    rows however deep the page, so a file with thousands of events stays fast.
    """
    events = timeline_of(room)
    if kinds:
        events = events.filter(kind__in=list(kinds))
    if before is not None:
        # ``at <= before.at`` bounds the index range; the OR picks the rows strictly after the cursor.
        events = events.filter(Q(at__lt=before.at) | Q(at=before.at, id__lt=before.id), at__lte=before.at)
    rows = list(events[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return TimelinePage(events=rows, next=Cursor.after(rows[-1]) if more and rows else None)


def kinds_of(room: Room) -> list[str]:
    """The kinds of event this household's timeline holds (for the kind filter)."""
    return sorted(set(TimelineEvent.objects.filter(room=room).values_list("kind", flat=True).distinct().order_by()))
