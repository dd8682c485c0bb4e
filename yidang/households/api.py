"""Households API: the same search, scoping, masking and actions as the pages.

Reads need ``households.view_household``; writes also need ``households.change_household`` and
call the actions of ``yidang.households.actions`` (a DomainError becomes a 400 with its Chinese
message). Every lookup goes through ``household_get``, so another project's household answers
404 with no data, and a denied request changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from yidang.accounts.queries import project_ids_of
from yidang.households import actions
from yidang.households.models import EmergencyContact, Occupancy, OccupantRole, ParkingSpace, Vehicle, VipProfile
from yidang.households.queries import household_get, households_visible_to, occupancy_history
from yidang.households.search import (
    FoundOccupant,
    FoundRoom,
    current_occupancies_prefetch,
    parse_page,
    search_households,
)
from yidang.people.actions import PersonData
from yidang.people.idnumbers import ID_TYPE_LABELS, IdType
from yidang.people.models import Sex
from yidang.people.phones import mask_phone
from yidang.places.models import Room


class CanViewHouseholds(BasePermission):
    message = "您没有查看住户资料的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("households.view_household"))


class CanChangeHouseholds(BasePermission):
    message = "您没有登记和修改住户资料的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.has_perm("households.view_household") and user.has_perm("households.change_household")
        )


class CanChangeVipProfiles(CanChangeHouseholds):
    message = "您没有修改 VIP 个人档案的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and request.user.has_perm("households.view_vipprofile")


# ---- what the API shows -------------------------------------------------------------------


class OccupantSerializer(serializers.Serializer[Occupancy]):
    """One occupancy: who, in what role, from when to when. ID number and phone are masked."""

    id = serializers.IntegerField(read_only=True)
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    kind = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    id_type = serializers.SerializerMethodField()
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    note = serializers.CharField()

    def get_kind(self, occ: Occupancy | FoundOccupant) -> str:
        return "person" if occ.person_id else "organization"

    def get_name(self, occ: Occupancy | FoundOccupant) -> str:
        return str(occ.occupant)

    def get_id_type(self, occ: Occupancy | FoundOccupant) -> str:
        return occ.person.id_type if occ.person else ""

    def get_id_number_masked(self, occ: Occupancy | FoundOccupant) -> str:
        return occ.person.id_masked if occ.person else ""

    def get_phone_masked(self, occ: Occupancy | FoundOccupant) -> str:
        phone = occ.person.phone if occ.person else (occ.organization.contact_phone if occ.organization else "")
        return mask_phone(phone) if phone else ""

    def to_representation(self, occ: Occupancy | FoundOccupant) -> dict[str, Any]:
        """The declared fields, built directly: DRF's generic field walk costs most of a search request."""
        return {
            "id": occ.id,
            "role": occ.role,
            "role_label": str(occ.get_role_display()),
            "kind": self.get_kind(occ),
            "name": self.get_name(occ),
            "id_type": self.get_id_type(occ),
            "id_number_masked": self.get_id_number_masked(occ),
            "phone_masked": self.get_phone_masked(occ),
            "start_date": occ.start_date.isoformat() if occ.start_date else None,
            "end_date": occ.end_date.isoformat() if occ.end_date else None,
            "note": occ.note,
        }


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

    def to_representation(self, room: Room | FoundRoom) -> dict[str, Any]:
        """Same output as the declared fields (the schema), built without DRF's per-field machinery."""
        occupant = OccupantSerializer()
        return {
            "id": room.id,
            "project_code": room.project.code,
            "building_code": room.building.code,
            "code": room.code,
            "floor": room.floor,
            "number": room.number,
            "area": f"{room.area:.2f}" if room.area is not None else None,
            "use": room.use,
            "occupancy": room.occupancy,
            "move_in_date": room.move_in_date.isoformat() if room.move_in_date else None,
            "occupants": [occupant.to_representation(o) for o in getattr(room, "current_occupancies", [])],
        }


class EmergencyContactSerializer(serializers.ModelSerializer[EmergencyContact]):
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = EmergencyContact
        fields = ["id", "name", "relation", "phone_masked"]

    def get_phone_masked(self, contact: EmergencyContact) -> str:
        return mask_phone(contact.phone)


class VehicleSerializer(serializers.ModelSerializer[Vehicle]):
    class Meta:
        model = Vehicle
        fields = ["id", "plate", "kind", "note"]


class ParkingSpaceSerializer(serializers.ModelSerializer[ParkingSpace]):
    class Meta:
        model = ParkingSpace
        fields = ["id", "code", "tenure", "permit_no", "valid_until"]


class VipProfileSerializer(serializers.ModelSerializer[VipProfile]):
    class Meta:
        model = VipProfile
        fields = ["birthday", "character", "preferences", "skills", "special_requests"]


class HouseholdDetailSerializer(HouseholdSerializer):
    """A household page as data. ``vip_profile`` is null unless the caller may see VIP profiles."""

    project_name = serializers.CharField(source="project.name")
    unit_code = serializers.CharField(source="unit.code", allow_null=True, default=None)
    history = OccupantSerializer(many=True, help_text="every occupancy, current and ended, newest first")
    emergency_contacts = EmergencyContactSerializer(many=True)
    vehicles = VehicleSerializer(many=True)
    parking_spaces = ParkingSpaceSerializer(many=True)
    vip_profile = serializers.SerializerMethodField()

    class Meta(HouseholdSerializer.Meta):
        fields = [
            *HouseholdSerializer.Meta.fields,
            "project_name",
            "unit_code",
            "note",
            "history",
            "emergency_contacts",
            "vehicles",
            "parking_spaces",
            "vip_profile",
        ]

    def to_representation(self, room: Room | FoundRoom) -> dict[str, Any]:
        # The detail page is one room: DRF's generic walk is affordable and keeps every field.
        return serializers.ModelSerializer.to_representation(self, room)  # type: ignore[misc]

    @extend_schema_field(VipProfileSerializer(allow_null=True))
    def get_vip_profile(self, room: Room) -> dict[str, Any] | None:
        request = self.context.get("request")
        if request is None or not request.user.has_perm("households.view_vipprofile"):
            return None
        profile = VipProfile.objects.filter(room=room).first()
        return VipProfileSerializer(profile).data if profile else None


# ---- what the API accepts: parsing only, the actions decide ----------------------------------


class PersonInputSerializer(serializers.Serializer[PersonData]):
    """A new person. The ID number and phone are checked by the action (GB 11643, phone format)."""

    name = serializers.CharField(max_length=50)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True, default="")
    id_type = serializers.ChoiceField(
        choices=[(t.value, label) for t, label in ID_TYPE_LABELS.items()], default=IdType.RESIDENT.value
    )
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    native_place = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    hukou_place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birthday = serializers.DateField(required=False, allow_null=True, default=None)
    nationality = serializers.CharField(max_length=30, required=False, default="中国")

    def person_data(self) -> PersonData:
        fields = PersonData.__dataclass_fields__
        return PersonData(**{k: v for k, v in self.validated_data.items() if k in fields})


class OccupantInputSerializer(PersonInputSerializer):
    role = serializers.ChoiceField(choices=OccupantRole.choices)
    start_date = serializers.DateField(required=False, allow_null=True, default=None, help_text="defaults to today")


class TransferInputSerializer(PersonInputSerializer):
    transfer_date = serializers.DateField()


class OccupancyEndInputSerializer(serializers.Serializer[Occupancy]):
    end_date = serializers.DateField(required=False, default=None, allow_null=True, help_text="defaults to today")
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class EmergencyContactInputSerializer(serializers.Serializer[EmergencyContact]):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=30)
    relation = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class VehicleInputSerializer(serializers.Serializer[Vehicle]):
    plate = serializers.CharField(max_length=20)
    kind = serializers.ChoiceField(choices=Vehicle.Kind.choices, default=Vehicle.Kind.MOTOR)


class VipProfileInputSerializer(serializers.Serializer[VipProfile]):
    birthday = serializers.DateField(required=False, allow_null=True, default=None)
    character = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    preferences = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    skills = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    special_requests = serializers.CharField(required=False, allow_blank=True, default="")


def _parsed(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


_OCCUPANCY_ID = OpenApiParameter("occupancy_id", int, OpenApiParameter.PATH)
_VEHICLE_ID = OpenApiParameter("vehicle_id", int, OpenApiParameter.PATH)
_DENIED = {
    400: OpenApiResponse(description="输入有误：detail 说明要改什么（DomainError）"),
    403: OpenApiResponse(description="没有登记和修改住户资料的权限"),
    404: OpenApiResponse(description="住户不存在或不在您的项目中"),
}


class HouseholdPagination(PageNumberPagination):
    """Page numbers, and ``count_capped``: a search counts matches no further than
    ``households.search.COUNT_CAP`` (or the current page), so ``count`` is then a lower bound."""

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_capped"] = False
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true when more households match than count: the search stopped counting there",
        }
        return out


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet[Room]):
    """Households (a room and its occupants) of the user's projects.

    ``?search=`` takes whatever the caller has: room code (``1503``, ``A2-1503``), a name
    (``张伟``), pinyin (``zhangwei``, ``zw``), a phone tail (4+ digits), a plate or an ID number.
    Exact room matches come first. Other projects' households answer 404.
    """

    serializer_class = HouseholdSerializer
    permission_classes = [CanViewHouseholds]
    pagination_class = HouseholdPagination

    def get_queryset(self) -> QuerySet[Room]:
        qs = households_visible_to(self.request.user)  # type: ignore[arg-type]
        building = self.request.query_params.get("building", "")
        if building.isdigit():
            qs = qs.filter(building_id=int(building))
        qs = qs.select_related("project", "building").prefetch_related(current_occupancies_prefetch())
        return qs.order_by("project_id", "code")

    def _room(self) -> Room:
        pk = str(self.kwargs.get("pk", ""))
        return household_get(self.request.user, int(pk) if pk.isdigit() else -1)  # type: ignore[arg-type]

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="room, name, pinyin, phone tail, plate or ID number"),
            OpenApiParameter("building", int, description="only this building's rooms (ignored with search)"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = request.query_params.get("search", "").strip()[:50]
        if not query:
            return super().list(request, *args, **kwargs)
        paginator = self.paginator
        assert paginator is not None
        page_size: int = paginator.get_page_size(request) or 20  # type: ignore[attr-defined]
        page_number = parse_page(request.query_params.get("page"))
        found = search_households(
            query,
            project_ids_of(request.user),  # type: ignore[arg-type]
            offset=(page_number - 1) * page_size,
            limit=page_size,
        )
        more = found.count_capped or page_number * page_size < found.count
        return Response(
            {
                "count": found.count,
                "count_capped": found.count_capped,
                "next": _page_link(request, page_number + 1) if more else None,
                "previous": _page_link(request, page_number - 1) if page_number > 1 else None,
                "results": self.get_serializer(found.rooms, many=True).data,
            }
        )

    @extend_schema(responses=HouseholdDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        room = self._room()
        room.history = list(occupancy_history(room))  # type: ignore[attr-defined]
        context = self.get_serializer_context()
        return Response(HouseholdDetailSerializer(room, context=context).data)

    @extend_schema(request=OccupantInputSerializer, responses={201: OccupantSerializer, **_DENIED})
    @action(detail=True, methods=["post"], url_path="occupants", permission_classes=[CanChangeHouseholds])
    def occupant_add(self, request: Request, pk: str | None = None) -> Response:
        """Register a new person as owner, co-owner, tenant, family member or commercial occupant."""
        room = self._room()
        data = _parsed(OccupantInputSerializer, request)
        occ = actions.household_occupant_add(
            room=room,
            role=data.validated_data["role"],
            person_data=data.person_data(),
            start_date=data.validated_data["start_date"],
            actor=request.user,
        )
        return Response(OccupantSerializer(occ).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=OccupancyEndInputSerializer, parameters=[_OCCUPANCY_ID], responses={200: OccupantSerializer, **_DENIED}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"occupancies/(?P<occupancy_id>[0-9]+)/end",
        permission_classes=[CanChangeHouseholds],
    )
    def occupancy_end(self, request: Request, pk: str | None = None, occupancy_id: str = "") -> Response:
        """End an occupancy (move-out, end of tenancy). The record stays in the history."""
        room = self._room()
        occupancy = Occupancy.objects.filter(room=room, pk=int(occupancy_id)).first()
        if occupancy is None:
            raise Http404("没有找到该入住记录")
        data = _parsed(OccupancyEndInputSerializer, request).validated_data
        occupancy = actions.household_occupancy_end(
            occupancy=occupancy,
            end_date=data["end_date"] or timezone.localdate(),
            reason=data["reason"],
            actor=request.user,
        )
        return Response(OccupantSerializer(occupancy).data)

    @extend_schema(request=TransferInputSerializer, responses={201: OccupantSerializer, **_DENIED})
    @action(detail=True, methods=["post"], url_path="transfer", permission_classes=[CanChangeHouseholds])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        """Transfer of ownership (过户): current owners end on the date, the new owner starts."""
        room = self._room()
        data = _parsed(TransferInputSerializer, request)
        occ = actions.household_transfer(
            room=room,
            new_owner=data.person_data(),
            transfer_date=data.validated_data["transfer_date"],
            actor=request.user,
        )
        return Response(OccupantSerializer(occ).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EmergencyContactInputSerializer, responses={201: EmergencyContactSerializer, **_DENIED})
    @action(detail=True, methods=["post"], url_path="contacts", permission_classes=[CanChangeHouseholds])
    def contact_add(self, request: Request, pk: str | None = None) -> Response:
        room = self._room()
        data = _parsed(EmergencyContactInputSerializer, request).validated_data
        contact = actions.emergency_contact_add(room=room, actor=request.user, **data)
        return Response(EmergencyContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VehicleInputSerializer, responses={201: VehicleSerializer, **_DENIED})
    @action(detail=True, methods=["post"], url_path="vehicles", permission_classes=[CanChangeHouseholds])
    def vehicle_add(self, request: Request, pk: str | None = None) -> Response:
        room = self._room()
        data = _parsed(VehicleInputSerializer, request).validated_data
        vehicle = actions.vehicle_add(room=room, actor=request.user, **data)
        return Response(VehicleSerializer(vehicle).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None, parameters=[_VEHICLE_ID], responses={204: OpenApiResponse(description="已注销"), **_DENIED}
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"vehicles/(?P<vehicle_id>[0-9]+)",
        permission_classes=[CanChangeHouseholds],
    )
    def vehicle_remove(self, request: Request, pk: str | None = None, vehicle_id: str = "") -> Response:
        room = self._room()
        vehicle = Vehicle.objects.filter(room=room, pk=int(vehicle_id)).first()
        if vehicle is None:
            raise Http404("没有找到该车辆")
        actions.vehicle_remove(vehicle=vehicle, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=VipProfileInputSerializer, responses={200: VipProfileSerializer, **_DENIED})
    @action(detail=True, methods=["put"], url_path="vip", permission_classes=[CanChangeVipProfiles])
    def vip_save(self, request: Request, pk: str | None = None) -> Response:
        """Replace the VIP profile (needs ``households.view_vipprofile`` as well)."""
        room = self._room()
        data = _parsed(VipProfileInputSerializer, request).validated_data
        profile = actions.vip_profile_save(room=room, actor=request.user, **data)
        return Response(VipProfileSerializer(profile).data)


def _page_link(request: Request, page: int) -> str:
    return replace_query_param(request.build_absolute_uri(), "page", page)
