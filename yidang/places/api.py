"""Places API: projects, buildings and a building's rooms, scoped like the places pages.

Needs ``households.view_household`` (the pages' permission); another project's building answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.places.models import Building, Project, Room
from yidang.places.queries import buildings_visible_to, projects_visible_to


class CanViewPlaces(BasePermission):
    message = "您没有查看楼盘和住户资料的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("households.view_household"))


class ProjectSerializer(serializers.ModelSerializer[Project]):
    class Meta:
        model = Project
        fields = ["id", "code", "name", "form", "use", "address"]


class BuildingSerializer(serializers.ModelSerializer[Building]):
    class Meta:
        model = Building
        fields = ["id", "project", "code", "name", "floors_above", "floors_below"]


class RoomSerializer(serializers.ModelSerializer[Room]):
    """A cell of the building map: the room and how it is lived in, no personal data."""

    unit_code = serializers.CharField(source="unit.code", allow_null=True, default=None)

    class Meta:
        model = Room
        fields = ["id", "code", "unit_code", "floor", "number", "area", "use", "occupancy"]


class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    """Projects the user works in."""

    serializer_class = ProjectSerializer
    permission_classes = [CanViewPlaces]

    def get_queryset(self) -> QuerySet[Project]:
        return projects_visible_to(self.request.user).order_by("code")  # type: ignore[arg-type]


class BuildingViewSet(viewsets.ReadOnlyModelViewSet[Building]):
    """Buildings of the user's projects; filter with ``?project=<id>``."""

    serializer_class = BuildingSerializer
    permission_classes = [CanViewPlaces]

    def get_queryset(self) -> QuerySet[Building]:
        qs = buildings_visible_to(self.request.user).order_by("project_id", "code")  # type: ignore[arg-type]
        project = self.request.query_params.get("project", "")
        if project.isdigit():
            qs = qs.filter(project_id=int(project))
        return qs

    @extend_schema(
        parameters=[OpenApiParameter("project", int, description="only this project's buildings")],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=RoomSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=RoomSerializer)
    def rooms(self, request: Request, pk: str | None = None) -> Response:
        """The building's rooms by floor and number (the building map), paginated."""
        building = self.get_object()
        rooms = building.rooms.select_related("unit").order_by("floor", "number", "id")
        paginator = self.paginator
        assert paginator is not None
        page = paginator.paginate_queryset(rooms, request, view=self)
        return paginator.get_paginated_response(RoomSerializer(page, many=True).data)
