"""Storage API: places (list, create, change) and folder moves (the location history, and moving).

Same scoping as the pages: places and folders of the user's projects only (others answer 404),
reads need ``shelving.view_location``, writes the archivist's permissions, and every write goes
through ``yidang.shelving.actions`` (a DomainError becomes a 400 with its Chinese message).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.accounts.queries import projects_of
from yidang.archive.models import Category
from yidang.archive.queries import archive_get
from yidang.shelving import actions
from yidang.shelving.models import FolderMove, Location, LocationKind
from yidang.shelving.queries import (
    location_from_text,
    locations_visible_to,
    moves_of,
    moves_visible_to,
)


class StoragePermission(BasePermission):
    """Reading needs ``view_perms``; each write action its own permission (``write_perms``)."""

    message = "您没有该档案存放操作的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not all(user.has_perm(p) for p in view.view_perms):
            return False
        needed = view.write_perms.get(view.action)
        return needed is None or bool(user.has_perm(needed))


# ---- places -------------------------------------------------------------------------------------


class LocationSerializer(serializers.ModelSerializer[Location]):
    project = serializers.CharField(source="project.code", help_text="project code")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    folder_count = serializers.IntegerField(help_text="folders kept directly in this place")

    class Meta:
        model = Location
        fields = ["id", "project", "parent", "kind", "code", "name", "path", "category", "year"]
        fields += ["first_number", "last_number", "folder_count"]


class LocationInputSerializer(serializers.Serializer[Location]):
    """A new place. ``code`` empty = the suggested one (``HY-R01-C02-S03-B005``)."""

    project = serializers.CharField(max_length=20, help_text="project code, e.g. HY")
    kind = serializers.ChoiceField(choices=LocationKind.choices)
    parent = serializers.IntegerField(  # type: ignore[assignment]  # DRF's Field.parent, not ours
        required=False, allow_null=True, default=None, help_text="id of the parent place"
    )
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), required=False, allow_null=True, default=None
    )
    year = serializers.IntegerField(required=False, allow_null=True, default=None)
    first_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    last_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class LocationChangeSerializer(serializers.Serializer[Location]):
    """The fields to change; the kind and the project never change."""

    parent = serializers.IntegerField(required=False, allow_null=True)  # type: ignore[assignment]
    code = serializers.CharField(max_length=40, required=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), required=False, allow_null=True
    )
    year = serializers.IntegerField(required=False, allow_null=True)
    first_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    last_number = serializers.CharField(max_length=60, required=False, allow_blank=True)


def _visible_parent(request: Request, parent_id: int | None) -> Location | None:
    if parent_id is None:
        return None
    parent = locations_visible_to(request.user).filter(pk=parent_id).first()  # type: ignore[arg-type]
    if parent is None:
        raise serializers.ValidationError({"parent": "没有找到该上级位置"})
    return parent


_WRITE_ERRORS = {
    400: OpenApiResponse(description="输入有误：detail 说明要改什么（DomainError）"),
    403: OpenApiResponse(description="没有该操作的权限"),
}


@extend_schema(
    parameters=[
        OpenApiParameter("project", str, description="project code"),
        OpenApiParameter("kind", str, enum=LocationKind.values),
        OpenApiParameter("parent", int, description="places directly inside this one"),
        OpenApiParameter("code", str, description="exact code (case-insensitive)"),
    ]
)
class LocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Location]):
    """Places of the user's projects in tree order: storage rooms, cabinets, shelves / drawers, boxes."""

    serializer_class = LocationSerializer
    permission_classes = [StoragePermission]
    view_perms = ["shelving.view_location"]
    write_perms = {"create": "shelving.add_location", "partial_update": "shelving.change_location"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Location]:
        qs = locations_visible_to(self.request.user)  # type: ignore[arg-type]
        params = self.request.query_params
        if params.get("project"):
            qs = qs.filter(project__code=params["project"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("parent", "").isdigit():
            qs = qs.filter(parent_id=int(params["parent"]))
        if params.get("code"):
            qs = qs.filter(code=params["code"].strip().upper())
        qs = qs.select_related("project", "category").annotate(folder_count=Count("archives"))
        return qs.order_by("project__code", "path")

    @extend_schema(request=LocationInputSerializer, responses={201: LocationSerializer, **_WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = LocationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        project = projects_of(request.user).filter(code=d.pop("project")).first()  # type: ignore[arg-type]
        if project is None:
            raise serializers.ValidationError({"project": "没有找到该项目"})
        d["parent"] = _visible_parent(request, d["parent"])
        location = actions.location_create(project=project, data=actions.LocationData(**d), actor=request.user)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=location.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=LocationChangeSerializer, responses={200: LocationSerializer, **_WRITE_ERRORS})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        location = self.get_object()
        data = LocationChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "parent" in changes:
            changes["parent"] = _visible_parent(request, changes["parent"])
        new = replace(actions.location_data_of(location), **changes)
        actions.location_update(location=location, data=new, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=location.pk)).data)


# ---- folder moves -------------------------------------------------------------------------------


class FolderMoveSerializer(serializers.ModelSerializer[FolderMove]):
    archive_number = serializers.CharField(source="archive.number")
    from_location = serializers.CharField(source="from_location.code", allow_null=True, default=None)
    to_location = serializers.CharField(source="to_location.code", allow_null=True, default=None)
    to_location_id = serializers.IntegerField(allow_null=True)
    moved_by = serializers.CharField(source="moved_by.username")

    class Meta:
        model = FolderMove
        fields = ["id", "archive", "archive_number", "from_location", "to_location", "to_location_id"]
        fields += ["moved_by", "moved_at", "reason"]


class FolderMoveInputSerializer(serializers.Serializer[FolderMove]):
    """Move a folder: the target place by id, or by its code (or the address its QR label holds)."""

    archive = serializers.IntegerField(help_text="archive id")
    to_location = serializers.IntegerField(required=False, help_text="place id")
    to_code = serializers.CharField(max_length=200, required=False, help_text="place code or scanned label")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("to_location") and not attrs.get("to_code"):
            raise serializers.ValidationError({"to_location": "请指定目标位置（to_location 或 to_code）"})
        return attrs


@extend_schema(
    parameters=[OpenApiParameter("archive", int, description="the location history of this archive, newest first")]
)
class FolderMoveViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[FolderMove]):
    """Where folders have been (the location history) and moving a folder to another place."""

    serializer_class = FolderMoveSerializer
    permission_classes = [StoragePermission]
    view_perms = ["shelving.view_location", "archive.view_archive_file"]
    write_perms = {"create": "shelving.add_foldermove"}

    def get_queryset(self) -> QuerySet[FolderMove]:
        archive_id = self.request.query_params.get("archive", "")
        if archive_id:
            archive = archive_get(self.request.user, int(archive_id) if archive_id.isdigit() else -1)  # type: ignore[arg-type]
            return moves_of(archive).select_related("archive")
        return moves_visible_to(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=FolderMoveInputSerializer, responses={201: FolderMoveSerializer, **_WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = FolderMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        archive = archive_get(request.user, d["archive"])  # type: ignore[arg-type]
        target = _target(request, d)
        move = actions.folder_move(archive=archive, to_location=target, actor=request.user, reason=d["reason"])
        return Response(self.get_serializer(move).data, status=status.HTTP_201_CREATED)


def _target(request: Request, d: dict[str, Any]) -> Location:
    visible = locations_visible_to(request.user)  # type: ignore[arg-type]
    target = (
        visible.filter(pk=d["to_location"]).first()
        if d.get("to_location")
        else location_from_text(request.user, d["to_code"])  # type: ignore[arg-type]
    )
    if target is None:
        raise serializers.ValidationError({"to_location": "没有找到该存放位置"})
    return target
