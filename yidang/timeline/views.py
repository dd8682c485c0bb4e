"""The household timeline page: every event of one household, newest first, grouped by day."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from yidang.places.models import Room
from yidang.timeline.models import EventKind
from yidang.timeline.present import archive_url, by_day, kind_family, kind_label, present, targets_of
from yidang.timeline.queries import Cursor, kinds_of, requested_kinds, timeline_page, timeline_room_get


@login_required
@permission_required("households.view_household", raise_exception=True)
@permission_required("archive.view_archive_file", raise_exception=True)
def household_timeline(request: HttpRequest, room_id: int) -> HttpResponse:
    """The whole page; with htmx, the filtered list (target ``timeline``) or the next page (``timeline-more``)."""
    room = timeline_room_get(request.user, room_id)  # type: ignore[arg-type]
    kinds = requested_kinds(request.GET.getlist("kind"))
    before = Cursor.decode(request.GET.get("before", ""))
    page = timeline_page(room, kinds=kinds, before=before)
    targets = targets_of(room.id)
    kind_qs = urlencode([("kind", k) for k in kinds])
    context = {
        "room": room,
        "archive_url": archive_url(targets.archive_id),
        "days": by_day(present(page.events, targets), timezone.localtime(before.at).date() if before else None),
        "next": page.next.encode() if page.next else "",
        "before": before,
        "kind_qs": kind_qs,
        "base_url": reverse("timeline:household", args=[room.id]),
        "kind_choices": _kind_choices(room, kinds),
    }
    target = request.headers.get("HX-Target", "") if request.headers.get("HX-Request") else ""
    template = {"timeline": "timeline/_timeline.html", "timeline-more": "timeline/_chunk.html"}.get(
        target, "timeline/page.html"
    )
    return render(request, template, context)


def _kind_choices(room: Room, active: list[str]) -> list[dict[str, object]]:
    present_kinds = kinds_of(room)
    return [
        {"kind": k, "label": kind_label(k), "family": kind_family(k), "active": k in active}
        for k in sorted(set(present_kinds) | set(active), key=_kind_order)
    ]


_KIND_ORDER = {kind: i for i, kind in enumerate(EventKind.values)}


def _kind_order(kind: str) -> tuple[int, str]:
    """Kinds in ``EventKind`` order; kinds no app has named after them, alphabetically."""
    return (_KIND_ORDER.get(kind, len(_KIND_ORDER)), kind)
