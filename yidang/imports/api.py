"""Imports API: upload a workbook (preview or commit), follow the job, confirm it; export the sheet."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of, projects_of
from yidang.core.errors import DomainError
from yidang.imports.export import households_export
from yidang.imports.jobs import import_job_commit, import_job_create, import_jobs_visible_to, progress_of
from yidang.imports.models import ImportJob
from yidang.imports.sheet import check_size
from yidang.imports.xlsx import template_workbook
from yidang.places.models import Project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CanImport(BasePermission):
    message = gettext_lazy("您没有导入业户资料的权限")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("households.import_households"))


class CanExport(BasePermission):
    message = gettext_lazy("您没有导出业户资料的权限")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("households.export_households"))


class ImportErrorSerializer(serializers.Serializer[dict[str, Any]]):
    row = serializers.IntegerField(help_text="Excel row number (0: the file as a whole)")
    column = serializers.CharField(help_text="column header, e.g. 证件号码")
    message = serializers.CharField(help_text="the reason, in Chinese")


class ProgressSerializer(serializers.Serializer[dict[str, Any]]):
    phase = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    project_code = serializers.CharField(source="project.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    # DRF moves declared fields off the class, so this does not shadow Serializer.errors.
    errors = ImportErrorSerializer(many=True, read_only=True)  # type: ignore[assignment]
    progress = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "project",
            "project_code",
            "file_name",
            "file_size",
            "mode",
            "status",
            "status_label",
            "rows_total",
            "error_count",
            "counts",
            "summary",
            "errors",
            "message",
            "progress",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_created_by(self, job: ImportJob) -> str | None:
        return job.created_by.get_username() if job.created_by else None

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, job: ImportJob) -> dict[str, Any]:
        return progress_of(job)


class ImportJobListSerializer(ImportJobSerializer):
    class Meta(ImportJobSerializer.Meta):
        fields = [f for f in ImportJobSerializer.Meta.fields if f not in ("errors", "summary")]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text="the household summary, .xlsx")
    project = serializers.IntegerField(help_text="id of one of your projects")
    mode = serializers.ChoiceField(choices=ImportJob.Mode.choices, default=ImportJob.Mode.PREVIEW)

    def validate_project(self, value: int) -> Project:
        user = self.context["request"].user
        project = projects_of(user).filter(pk=value).first()
        if project is None:
            raise ValidationError(_("项目不存在，或您不在该项目中"))
        return project

    def validate_file(self, upload: Any) -> Any:
        try:
            check_size(upload.size)
        except DomainError as exc:
            raise ValidationError(exc.message) from None
        return upload


class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[ImportJob]
):
    """Import jobs of your projects. POST a workbook to preview it (or commit it at once with
    ``mode=commit``); the job runs in the background: GET it until ``status`` is ``ready``,
    ``invalid`` (``errors`` lists row, column and reason; nothing was written), ``done`` or ``failed``.
    """

    serializer_class = ImportJobSerializer
    permission_classes = [CanImport]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ImportJob]:
        jobs = import_jobs_visible_to(self.request.user)  # type: ignore[arg-type]
        return jobs.defer("errors", "summary") if self.action == "list" else jobs

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "create":
            return ImportUploadSerializer
        return ImportJobListSerializer if self.action == "list" else ImportJobSerializer

    @extend_schema(request=ImportUploadSerializer, responses={202: ImportJobSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        upload = ImportUploadSerializer(data=request.data, context={"request": request})
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        job = import_job_create(
            user=request.user,  # type: ignore[arg-type]
            project=upload.validated_data["project"],
            data=file.read(),
            file_name=file.name,
            mode=upload.validated_data["mode"],
        )
        job = ImportJob.objects.select_related("project", "created_by").get(pk=job.pk)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str | None = None) -> Response:
        """Confirm a preview whose status is ``ready``: the commit runs in the background."""
        job = import_job_commit(job=self.get_object(), user=request.user)  # type: ignore[arg-type]
        job = ImportJob.objects.select_related("project", "created_by").get(pk=job.pk)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class TemplateView(APIView):
    permission_classes = [CanImport]

    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="import template")})
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="template.xlsx"'
        return response


class ExportView(APIView):
    """The household summary of your projects (or of one: ``?project=ID``), ID numbers masked. Audited."""

    permission_classes = [CanExport]

    @extend_schema(
        parameters=[OpenApiParameter("project", int, required=False, description="one of your projects")],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="the sheet (.xlsx)")},
    )
    def get(self, request: Request) -> FileResponse:
        user: User = request.user  # type: ignore[assignment]
        project = None
        raw = request.query_params.get("project", "")
        if raw:
            if not raw.isdigit() or int(raw) not in project_ids_of(user):
                raise ValidationError({"project": _("项目不存在，或您不在该项目中")})
            project = Project.objects.get(pk=int(raw))
        exported = households_export(user=user, project=project)
        return FileResponse(exported.file, as_attachment=True, filename=exported.file_name, content_type=XLSX)
