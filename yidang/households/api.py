"""Households API: the same search, scoping and masking as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from yidang.accounts.queries import project_ids_of
from yidang.households.models import Occupancy
from yidang.households.queries import household_get, households_visible_to
from yidang.households.search import current_occupancies_prefetch, search_households
from yidang.people.phones import mask_phone
from yidang.places.models import Room


class CanViewHouseholds(BasePermission):
    message = "您没有查看住户资料的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("households.view_household"))


class OccupantSerializer(serializers.Serializer[Occupancy]):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    name = serializers.SerializerMethodField()
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    start_date = serializers.DateField(allow_null=True)

    def get_name(self, occ: Occupancy) -> str:
        return str(occ.occupant)

    def get_id_number_masked(self, occ: Occupancy) -> str:
        return occ.person.id_masked if occ.person else ""

    def get_phone_masked(self, occ: Occupancy) -> str:
        phone = occ.person.phone if occ.person else (occ.organization.contact_phone if occ.organization else "")
        return mask_phone(phone) if phone else ""


class HouseholdSerializer(serializers.ModelSerializer[Room]):
    project_code = serializers.CharField(source="project.code")
    building_code = serializers.CharField(source="building.code")
    occupants = OccupantSerializer(source="current_occupancies", many=True)

    class Meta:
        model = Room
        fields = [
            "id",
            "project_code",
            "building_code",
            "code",
            "floor",
            "number",
            "area",
            "use",
            "occupancy",
            "move_in_date",
            "occupants",
        ]


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet[Room]):
    """Households (a room and its current occupants) of the user's projects.

    ``?search=`` takes whatever the caller has: room code (``1503``, ``A2-1503``), a name
    (``张伟``), pinyin (``zhangwei``, ``zw``), a phone tail (4+ digits), a plate or an ID number.
    Exact room matches come first. Other projects' households answer 404.
    """

    serializer_class = HouseholdSerializer
    permission_classes = [CanViewHouseholds]

    def get_queryset(self) -> QuerySet[Room]:
        return (
            households_visible_to(self.request.user)  # type: ignore[arg-type]
            .select_related("project", "building")
            .prefetch_related(current_occupancies_prefetch())
            .order_by("project_id", "code")
        )

    @extend_schema(parameters=[OpenApiParameter("search", str, description="room, name, pinyin, phone tail, plate")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = request.query_params.get("search", "").strip()
        if not query:
            return super().list(request, *args, **kwargs)
        paginator = self.paginator
        assert paginator is not None
        page_size = paginator.get_page_size(request) or 20  # type: ignore[attr-defined]
        page_number = _page_number(request)
        found = search_households(
            query,
            project_ids_of(request.user),
            offset=(page_number - 1) * page_size,
            limit=page_size,  # type: ignore[arg-type]
        )
        data = self.get_serializer(found.rooms, many=True).data
        return Response(
            {
                "count": found.count,
                "next": _page_link(request, page_number + 1) if page_number * page_size < found.count else None,
                "previous": _page_link(request, page_number - 1) if page_number > 1 else None,
                "results": data,
            }
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        pk = str(kwargs.get("pk", ""))
        room = household_get(request.user, int(pk) if pk.isdigit() else -1)  # type: ignore[arg-type]
        return Response(self.get_serializer(room).data)


def _page_link(request: Request, page: int) -> str:
    return replace_query_param(request.build_absolute_uri(), "page", page)


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1
