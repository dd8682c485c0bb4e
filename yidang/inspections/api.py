"""Inspections API: read inspections and chase tasks one may see, and close a chase task.

Scoping as on the pages (``inspections_visible_to``, ``chase_tasks_visible_to``: the user's projects;
other CS staff see the tasks they own); anything else answers 404. Closing goes through the same
action: a refusal is a 400 with the Chinese reason, or 403 for a role that cannot close it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.inspections import actions
from yidang.inspections.models import ChaseStatus, ChaseTask, Inspection, RecordStatus
from yidang.inspections.queries import chase_tasks_visible_to, inspections_visible_to


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    project = serializers.CharField(source="project.code", read_only=True)
    building = serializers.CharField(source="building.code", read_only=True, default=None)
    kind = serializers.CharField(read_only=True, help_text="full | sample")
    status = serializers.CharField(read_only=True, help_text="open | done")
    seed = serializers.CharField(read_only=True, allow_null=True, help_text="the sample's random seed (as text)")
    files = serializers.IntegerField(read_only=True)
    checked = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "project", "kind", "building", "period", "seed", "rate", "strata", "status"]
        fields += ["started_at", "finished_at", "files", "checked"]


class ChaseTaskSerializer(serializers.ModelSerializer[ChaseTask]):
    archive_number = serializers.CharField(source="archive.number", read_only=True)
    room = serializers.CharField(source="archive.room.code", read_only=True)
    doc_type = serializers.CharField(source="finding.doc_type.code", read_only=True)
    finding = serializers.CharField(source="finding.kind", read_only=True, help_text="the finding's kind")
    note = serializers.CharField(source="finding.note", read_only=True)
    inspection = serializers.IntegerField(source="finding.record.inspection_id", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True)
    status = serializers.CharField(read_only=True, help_text="open | closed")

    class Meta:
        model = ChaseTask
        fields = ["id", "archive", "archive_number", "room", "inspection", "doc_type", "finding", "note", "owner"]
        fields += ["due_at", "status", "created_at", "closed_at", "resolution"]


class CloseSerializer(serializers.Serializer[ChaseTask]):
    resolution = serializers.CharField(max_length=500, help_text="what was done")


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Inspection]):
    """Quality inspections of the user's projects (CS supervisor, archivist, CS manager)."""

    serializer_class = InspectionSerializer
    queryset = Inspection.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Inspection]:
        return (
            inspections_visible_to(self.request.user)  # type: ignore[arg-type]
            .select_related("project", "building")
            .annotate(files=Count("records"), checked=Count("records", filter=Q(records__status=RecordStatus.DONE)))
            .order_by("-started_at", "-id")
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=ChaseStatus.values),
            OpenApiParameter("mine", bool, description="only the tasks I own"),
        ]
    )
)
class ChaseTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ChaseTask]):
    """Chase tasks from inspection findings, by due date; close one with what was done."""

    serializer_class = ChaseTaskSerializer
    queryset = ChaseTask.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[ChaseTask]:
        qs = chase_tasks_visible_to(self.request.user)  # type: ignore[arg-type]
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("mine") in ("1", "true"):
            qs = qs.filter(owner=self.request.user)  # type: ignore[misc]
        return qs.select_related("archive__room", "finding__doc_type", "finding__record", "owner").order_by(
            "due_at", "id"
        )

    @extend_schema(
        request=CloseSerializer,
        responses={
            200: ChaseTaskSerializer,
            400: OpenApiResponse(description="被拒绝：detail 用中文说明原因"),
            403: OpenApiResponse(description="只有责任人或客服主管可以办结"),
            404: OpenApiResponse(description="任务不存在或不在您的范围内"),
        },
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        task: Any = self.get_object()  # another project's task, or one not visible: 404 before the body is read
        if task.owner_id != request.user.pk and not request.user.has_perm("inspections.run_inspection"):
            raise PermissionDenied("只有责任人或客服主管可以办结整改任务")
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = actions.chase_task_close(task=task, actor=request.user, resolution=data.validated_data["resolution"])
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)
