"""How events are shown: label and badge of their kind, who did it, and a link to what they concern.

Other apps add kinds without touching the timeline pages: a kind listed in ``EventKind`` shows its
label, any other kind shows as it is stored. Links come from the event's ``object_type``: an app
whose objects should link elsewhere than the defaults below calls ``register_link``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yidang.archive.models import Archive
from yidang.timeline.models import EventKind, TimelineEvent

_LABELS = dict(EventKind.choices)


def kind_label(kind: str) -> str:
    """The kind's label from ``EventKind``, or the raw kind when no app has named it."""
    return str(_LABELS.get(kind, kind))


def kind_family(kind: str) -> str:
    """The part before the first dot (``document.add`` → ``document``): the badge colour."""
    return kind.split(".", 1)[0].replace("_", "-") or "other"


@dataclass(frozen=True)
class Targets:
    """What links of one household's events point to."""

    room_id: int
    archive_id: int | None


LinkResolver = Callable[[TimelineEvent, Targets], str | None]
_RESOLVERS: dict[str, LinkResolver] = {}


def register_link(object_type: str) -> Callable[[LinkResolver], LinkResolver]:
    """Decorate ``f(event, targets) -> url | None`` as the link of events about ``object_type``
    (a model label such as ``service.ticket``; ``archive`` alone = every model of that app)."""

    def decorate(resolver: LinkResolver) -> LinkResolver:
        _RESOLVERS[object_type] = resolver
        return resolver

    return decorate


def link_for(event: TimelineEvent, targets: Targets) -> str | None:
    resolver = _RESOLVERS.get(event.object_type) or _RESOLVERS.get(event.object_type.split(".", 1)[0])
    return resolver(event, targets) if resolver and event.object_type else None


def archive_url(archive_id: int | None, anchor: str = "") -> str | None:
    if archive_id is None:
        return None
    try:
        url = reverse("archive:detail", args=[archive_id])
    except NoReverseMatch:  # the archive pages are not mounted (a trimmed-down deployment)
        url = f"/archive/{archive_id}/"
    return url + anchor


@register_link("archive")
@register_link("shelving")
def _to_archive(event: TimelineEvent, targets: Targets) -> str | None:
    return archive_url(targets.archive_id)


@register_link("archive.document")
def _to_document(event: TimelineEvent, targets: Targets) -> str | None:
    return archive_url(targets.archive_id, f"#doc-{event.object_id}" if event.object_id.isdigit() else "")


@register_link("archive.scan")
def _to_scanned_document(event: TimelineEvent, targets: Targets) -> str | None:
    document_id = event.data.get("document_id") if isinstance(event.data, dict) else None
    return archive_url(targets.archive_id, f"#doc-{document_id}" if isinstance(document_id, int) else "")


@register_link("households")
def _to_household(event: TimelineEvent, targets: Targets) -> str | None:
    return reverse("households:detail", args=[targets.room_id])


@dataclass
class EventView:
    """One event as the pages and the API show it."""

    event: TimelineEvent
    label: str
    family: str
    actor_name: str
    url: str | None
    local_at: datetime

    @property
    def day(self) -> date:
        return self.local_at.date()


def targets_of(room_id: int, archive_id: int | None = None) -> Targets:
    if archive_id is None:
        archive_id = Archive.objects.filter(room_id=room_id).values_list("id", flat=True).first()
    return Targets(room_id=room_id, archive_id=archive_id)


def present(events: Iterable[TimelineEvent], targets: Targets) -> list[EventView]:
    return [
        EventView(
            event=e,
            label=kind_label(e.kind),
            family=kind_family(e.kind),
            actor_name=_actor_name(e),
            url=link_for(e, targets),
            local_at=timezone.localtime(e.at),
        )
        for e in events
    ]


def _actor_name(event: TimelineEvent) -> str:
    actor = event.actor
    if actor is None:
        return ""
    return actor.get_full_name() or actor.get_username()


@dataclass
class Day:
    day: date
    events: list[EventView]
    continued: bool = False  # the same day as the end of the page before: no new heading


def by_day(views: list[EventView], previous_day: date | None = None) -> list[Day]:
    """Consecutive events grouped by local day, newest first."""
    days: list[Day] = []
    for view in views:
        if days and days[-1].day == view.day:
            days[-1].events.append(view)
        else:
            days.append(Day(view.day, [view], continued=not days and view.day == previous_day))
    return days
