"""Archive API: files with their checklist and completeness, documents, scans, completeness per project.

Reads need ``archive.view_archive_file``; writes also need ``archive.manage_archive`` and call the
actions of ``yidang.archive.actions`` (a DomainError becomes a 400 with its Chinese message). Every
lookup goes through ``archive_get`` / ``scan_get``, so another project's file answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.archive import actions
from yidang.archive.models import Archive, ChecklistItem, Document, DocumentType, RetentionClass, Scan
from yidang.archive.queries import (
    archive_get,
    archive_list,
    checklist_of,
    completeness_by_building,
    document_get,
    documents_of,
    owner_names,
    percent,
    project_visible,
    scan_get,
    scans_visible_to,
)
from yidang.archive.scans import download_name
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind


class CanViewArchives(BasePermission):
    message = "您没有查阅业户档案的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("archive.view_archive_file"))


class CanManageArchives(CanViewArchives):
    message = "您没有归档、上传和整理业户档案的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and request.user.has_perm("archive.manage_archive")


# ---- what the API shows -------------------------------------------------------------------


class ArchiveSerializer(serializers.ModelSerializer[Archive]):
    project_code = serializers.CharField(source="project.code")
    building_code = serializers.CharField(source="room.building.code")
    room_id = serializers.IntegerField()
    room_code = serializers.CharField(source="room.code")
    location_code = serializers.CharField(source="location.code", allow_null=True, default=None)
    is_complete = serializers.BooleanField()
    completeness_percent = serializers.SerializerMethodField()

    class Meta:
        model = Archive
        fields = [
            "id",
            "number",
            "project_code",
            "building_code",
            "room_id",
            "room_code",
            "status",
            "opened_at",
            "closed_at",
            "has_renovation",
            "has_transfer",
            "required_count",
            "satisfied_count",
            "is_complete",
            "completeness_percent",
            "location_code",
        ]

    def get_completeness_percent(self, archive: Archive) -> int:
        return percent(archive.satisfied_count, archive.required_count)


class ChecklistItemSerializer(serializers.ModelSerializer[ChecklistItem]):
    doc_type = serializers.CharField(source="doc_type.code")
    doc_type_name = serializers.CharField(source="doc_type.name")
    category = serializers.CharField(source="doc_type.category.code")
    required_form = serializers.CharField(source="doc_type.required_form")
    original_required = serializers.BooleanField(source="doc_type.original_required")

    class Meta:
        model = ChecklistItem
        fields = ["doc_type", "doc_type_name", "category", "required_form", "original_required", "satisfied"]


class ArchiveDetailSerializer(ArchiveSerializer):
    owners = serializers.SerializerMethodField(help_text="current owners' names, joined by 、")
    checklist = serializers.SerializerMethodField()

    class Meta(ArchiveSerializer.Meta):
        fields = [*ArchiveSerializer.Meta.fields, "owners", "note", "checklist"]

    def get_owners(self, archive: Archive) -> str:
        return owner_names([archive.room_id]).get(archive.room_id, "")

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, archive: Archive) -> list[dict[str, Any]]:
        return ChecklistItemSerializer(checklist_of(archive), many=True).data  # type: ignore[return-value]


class ScanSerializer(serializers.ModelSerializer[Scan]):
    document_id = serializers.IntegerField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Scan
        fields = [
            "id",
            "document_id",
            "version",
            "sha256",
            "size",
            "content_type",
            "original_name",
            "uploaded_at",
            "last_fixity_at",
            "fixity_ok",
            "download_url",
        ]

    def get_download_url(self, scan: Scan) -> str:
        return f"/api/v1/scans/{scan.pk}/download/"


class DocumentSerializer(serializers.ModelSerializer[Document]):
    doc_type = serializers.CharField(source="doc_type.code")
    category = serializers.CharField(source="doc_type.category.code")
    scans = ScanSerializer(many=True, read_only=True, help_text="every version, newest first")

    class Meta:
        model = Document
        fields = [
            "id",
            "item_no",
            "doc_type",
            "category",
            "title",
            "doc_date",
            "source",
            "is_original",
            "original_location",
            "pages",
            "note",
            "retention_class",
            "retention_years",
            "retention_reason",
            "paper_present",
            "scan_count",
            "created_at",
            "scans",
        ]


# ---- what the API accepts ----------------------------------------------------------------------


class DocumentInputSerializer(serializers.Serializer[Document]):
    """One item of the file. Retention defaults to the type's; an override needs ``retention_reason``."""

    doc_type = serializers.SlugRelatedField(slug_field="code", queryset=DocumentType.objects.all())
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    doc_date = serializers.DateField(required=False, allow_null=True, default=None)
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")  # type: ignore[assignment]
    is_original = serializers.BooleanField(default=True)
    original_location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    pages = serializers.IntegerField(min_value=1, max_value=32767, default=1)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    paper_present = serializers.BooleanField(default=True)
    retention_class = serializers.ChoiceField(
        choices=[("", "按文件类型默认"), *RetentionClass.choices], required=False, allow_blank=True, default=""
    )
    retention_years = serializers.IntegerField(
        min_value=1, max_value=200, required=False, allow_null=True, default=None
    )
    retention_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def document_data(self) -> actions.DocumentData:
        return actions.DocumentData(**self.validated_data)


class ScanUploadSerializer(serializers.Serializer[Scan]):
    upload = serializers.FileField(allow_empty_file=True, help_text="PDF, JPEG, PNG or TIFF, sniffed from the bytes")


class BuildingCompletenessSerializer(serializers.Serializer[Any]):
    building_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    files = serializers.IntegerField()
    complete_files = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    satisfied = serializers.IntegerField()
    percent = serializers.IntegerField()


class CompletenessSerializer(serializers.Serializer[Any]):
    project = serializers.CharField()
    files = serializers.IntegerField()
    complete_files = serializers.IntegerField()
    required = serializers.IntegerField()  # type: ignore[assignment]
    satisfied = serializers.IntegerField()
    percent = serializers.IntegerField()
    buildings = BuildingCompletenessSerializer(many=True)


def _parsed(serializer_class: type[serializers.Serializer[Any]], request: Request, **kwargs: Any) -> Any:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer


_DOCUMENT_ID = OpenApiParameter("document_id", int, OpenApiParameter.PATH)
_DENIED = {
    400: OpenApiResponse(description="输入有误：detail 说明要改什么（DomainError）"),
    403: OpenApiResponse(description="没有归档、上传和整理业户档案的权限"),
    404: OpenApiResponse(description="档案或文件不存在，或不在您的项目中"),
}


class ArchiveViewSet(viewsets.ReadOnlyModelViewSet[Archive]):
    """Owner files (一户一档) of the user's projects, with checklist, catalogue and scans."""

    serializer_class = ArchiveSerializer
    permission_classes = [CanViewArchives]

    def get_queryset(self) -> QuerySet[Archive]:
        params = self.request.query_params
        project = params.get("project", "")
        building = params.get("building", "")
        return archive_list(
            self.request.user,  # type: ignore[arg-type]
            project_id=self._project_id(project) if project else None,
            building_id=int(building) if building.isdigit() else None,
            state=params.get("state", ""),
            number=params.get("number", "").strip()[:60],
        )

    def _project_id(self, code: str) -> int:
        return project_visible(self.request.user, code).pk  # type: ignore[arg-type]

    def _archive(self) -> Archive:
        pk = str(self.kwargs.get("pk", ""))
        return archive_get(self.request.user, int(pk) if pk.isdigit() else -1)  # type: ignore[arg-type]

    @extend_schema(
        parameters=[
            OpenApiParameter("project", str, description="project code, e.g. HY"),
            OpenApiParameter("building", int, description="building id"),
            OpenApiParameter("state", str, enum=["complete", "incomplete"], description="completeness"),
            OpenApiParameter("number", str, description="part of the archive number"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=ArchiveDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One file with its checklist. Each read is a use (usage ledger: view_file)."""
        archive = self._archive()
        usage_record(user=request.user, kind=UsageKind.VIEW_FILE, archive=archive)
        return Response(ArchiveDetailSerializer(archive, context=self.get_serializer_context()).data)

    @extend_schema(methods=["get"], responses=DocumentSerializer(many=True))
    @extend_schema(methods=["post"], request=DocumentInputSerializer, responses={201: DocumentSerializer, **_DENIED})
    @action(detail=True, methods=["get", "post"], url_path="documents", pagination_class=None)
    def documents(self, request: Request, pk: str | None = None) -> Response:
        """The catalogue in item order (GET), or file a new item (POST, needs ``manage_archive``)."""
        archive = self._archive()
        if request.method == "GET":
            what = _("%(n)s 档案目录") % {"n": archive.number}
            usage_record(user=request.user, kind=UsageKind.VIEW_FILE, archive=archive, what=what)
            return Response(DocumentSerializer(documents_of(archive), many=True).data)
        self._require_manage(request)
        data = _parsed(DocumentInputSerializer, request)
        doc = actions.document_add(archive=archive, data=data.document_data(), actor=request.user)
        return Response(DocumentSerializer(documents_of(archive).get(pk=doc.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DocumentInputSerializer,
        parameters=[_DOCUMENT_ID],
        responses={200: DocumentSerializer, **_DENIED},
    )
    @action(
        detail=True,
        methods=["put"],
        url_path=r"documents/(?P<document_id>[0-9]+)",
        permission_classes=[CanManageArchives],
    )
    def document_update(self, request: Request, pk: str | None = None, document_id: str = "") -> Response:
        """Replace an item's description (the whole record, as the form does)."""
        archive = self._archive()
        doc = document_get(archive, int(document_id))
        data = _parsed(DocumentInputSerializer, request)
        actions.document_update(document=doc, data=data.document_data(), actor=request.user)
        return Response(DocumentSerializer(documents_of(archive).get(pk=doc.pk)).data)

    @extend_schema(methods=["get"], parameters=[_DOCUMENT_ID], responses=ScanSerializer(many=True))
    @extend_schema(
        methods=["post"],
        parameters=[_DOCUMENT_ID],
        request={"multipart/form-data": ScanUploadSerializer},
        responses={201: ScanSerializer, **_DENIED},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path=r"documents/(?P<document_id>[0-9]+)/scans",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
    )
    def scans(self, request: Request, pk: str | None = None, document_id: str = "") -> Response:
        """An item's scan versions (GET), or upload a new version (POST multipart ``upload``)."""
        archive = self._archive()
        doc = document_get(archive, int(document_id))
        if request.method == "GET":
            usage_record(user=request.user, kind=UsageKind.VIEW_DOCUMENT, archive=archive, document=doc)
            return Response(ScanSerializer(doc.scans.order_by("-version"), many=True).data)
        self._require_manage(request)
        upload = _parsed(ScanUploadSerializer, request).validated_data["upload"]
        scan = actions.scan_add(document=doc, upload=upload, actor=request.user)
        return Response(ScanSerializer(scan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("project", str, required=True, description="project code, e.g. HY")],
        responses=CompletenessSerializer,
    )
    @action(detail=False, methods=["get"], url_path="completeness", pagination_class=None)
    def completeness(self, request: Request) -> Response:
        """Required vs satisfied checklist items per building of a project's active files."""
        project = project_visible(request.user, request.query_params.get("project", ""))  # type: ignore[arg-type]
        rows = completeness_by_building(project)
        required, satisfied = sum(r.required for r in rows), sum(r.satisfied for r in rows)
        body = {
            "project": project.code,
            "files": sum(r.files for r in rows),
            "complete_files": sum(r.complete_files for r in rows),
            "required": required,
            "satisfied": satisfied,
            "percent": percent(satisfied, required),
            "buildings": [{**vars(r), "percent": r.percent} for r in rows],
        }
        return Response(CompletenessSerializer(body).data)

    def _require_manage(self, request: Request) -> None:
        if not CanManageArchives().has_permission(request, self):
            self.permission_denied(request, message=CanManageArchives.message)


class ScanViewSet(viewsets.ReadOnlyModelViewSet[Scan]):
    """Scan versions of the files the user may see; ``download`` streams the bytes (audited)."""

    serializer_class = ScanSerializer
    permission_classes = [CanViewArchives]

    def get_queryset(self) -> QuerySet[Scan]:
        return scans_visible_to(self.request.user).order_by("-id")  # type: ignore[arg-type]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: _DENIED[404]})
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The scan's bytes. Each download writes a ``scan.download`` audit row."""
        scan = scan_get(request.user, int(pk) if pk and pk.isdigit() else -1)  # type: ignore[arg-type]
        if not default_storage.exists(scan.storage_name):
            raise Http404("扫描件文件在存储中缺失，请联系档案管理员")
        actions.scan_download_record(scan=scan, actor=request.user, via="api")
        usage_record(user=request.user, kind=UsageKind.DOWNLOAD, archive=scan.document.archive, document=scan.document)
        return FileResponse(
            default_storage.open(scan.storage_name, "rb"),
            as_attachment=True,
            filename=download_name(scan),
            content_type=scan.content_type,
        )
