"""Timeline API: one household's events, newest first, a page at a time (keyset cursor).

``GET /api/v1/households/<room_id>/timeline/`` needs ``households.view_household`` and
``archive.view_archive_file``; another project's household answers 404. ``next`` is the URL of
the following (older) page, built from the cursor ``before=<µs>_<id>`` of the page's last event.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from yidang.timeline.present import EventView, present, targets_of
from yidang.timeline.queries import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    Cursor,
    requested_kinds,
    timeline_page,
    timeline_room_get,
)


class CanViewTimeline(BasePermission):
    message = "您没有查看住户时间线的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.has_perm("households.view_household") and user.has_perm("archive.view_archive_file"))


class TimelineEventSerializer(serializers.Serializer[EventView]):
    id = serializers.IntegerField(source="event.pk")
    at = serializers.DateTimeField(source="event.at")
    kind = serializers.CharField(source="event.kind", help_text="e.g. document.add; later apps add kinds")
    kind_label = serializers.CharField(source="label", help_text="the kind's Chinese label, or the kind itself")
    summary = serializers.CharField(source="event.summary")
    actor = serializers.CharField(source="actor_name", help_text="who did it; empty for the system")
    object_type = serializers.CharField(source="event.object_type", help_text="model label, e.g. archive.document")
    object_id = serializers.CharField(source="event.object_id")
    url = serializers.CharField(allow_null=True, help_text="the web page of the object (archive, household)")
    data = serializers.JSONField(source="event.data")  # type: ignore[assignment]  # a field, not Serializer.data


class TimelinePageSerializer(serializers.Serializer[Any]):
    next = serializers.CharField(allow_null=True, help_text="URL of the next (older) page; null on the last")
    results = TimelineEventSerializer(many=True)


_KIND = OpenApiParameter("kind", str, many=True, description="only these kinds (repeat or comma-separate)")
_BEFORE = OpenApiParameter("before", str, description="cursor from ``next``: events older than it")
_LIMIT = OpenApiParameter("limit", int, description=f"events per page, 1–{MAX_PAGE_SIZE} (default {PAGE_SIZE})")


class HouseholdTimelineView(APIView):
    permission_classes = [IsAuthenticated, CanViewTimeline]

    @extend_schema(
        operation_id="household_timeline",
        parameters=[_KIND, _BEFORE, _LIMIT],
        responses={
            200: TimelinePageSerializer,
            400: OpenApiResponse(description="before 或 limit 参数无效"),
            404: OpenApiResponse(description="住户不存在或不在您的项目中"),
        },
    )
    def get(self, request: Request, room_id: int) -> Response:
        """A household's events, newest first: occupancy, archive, documents, scans, folder moves…"""
        room = timeline_room_get(request.user, room_id)  # type: ignore[arg-type]
        page = timeline_page(
            room,
            kinds=requested_kinds(request.query_params.getlist("kind")),
            before=_cursor(request),
            limit=_limit(request),
        )
        views = present(page.events, targets_of(room.id))
        url = request.build_absolute_uri()
        return Response(
            {
                "next": replace_query_param(url, "before", page.next.encode()) if page.next else None,
                "results": TimelineEventSerializer(views, many=True).data,  # type: ignore[arg-type]
            }
        )


def _cursor(request: Request) -> Cursor | None:
    raw = request.query_params.get("before", "")
    cursor = Cursor.decode(raw)
    if raw and cursor is None:
        raise ValidationError({"before": "before 参数无效：请使用上一页返回的 next 链接"})
    return cursor


def _limit(request: Request) -> int:
    raw = request.query_params.get("limit", "")
    if not raw:
        return PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError({"limit": f"limit 须为 1 到 {MAX_PAGE_SIZE} 之间的整数"})
    return int(raw)
