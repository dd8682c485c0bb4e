"""Loss and damage API: the reports one may see; report, cause, measures and close through the actions.

Scoping as on the pages (``incidents_visible_to``); a report outside it answers 404; a refused step is a
400 with the Chinese reason (``DomainError``), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.incidents import actions
from yidang.incidents.models import Cause, IncidentKind, IncidentReport, IncidentStatus, IncidentStep, StepKind
from yidang.incidents.queries import incidents_visible_to, reportable_archive_get


class IncidentStepSerializer(serializers.ModelSerializer[IncidentStep]):
    kind = serializers.ChoiceField(choices=StepKind.choices)

    class Meta:
        model = IncidentStep
        fields = ["id", "kind", "note", "at", "by"]


class IncidentReportSerializer(serializers.ModelSerializer[IncidentReport]):
    archive_number = serializers.CharField(source="archive.number", read_only=True)
    kind = serializers.ChoiceField(choices=IncidentKind.choices, read_only=True)
    cause = serializers.ChoiceField(choices=Cause.choices, read_only=True)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, read_only=True)
    documents: serializers.Field[Any, Any, Any, Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    steps = IncidentStepSerializer(many=True, read_only=True)

    class Meta:
        model = IncidentReport
        fields = ["id", "archive", "archive_number", "loan", "kind", "cause", "status", "documents", "note"]
        fields += ["found_at", "recorded_by", "recorded_at", "police_report_no", "management_reported_at"]
        fields += ["closed_at", "closed_by", "steps"]


class IncidentReportNewSerializer(serializers.Serializer[IncidentReport]):
    archive = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    documents = serializers.ListField(child=serializers.IntegerField())
    note = serializers.CharField(max_length=500)
    found_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    cause = serializers.ChoiceField(choices=Cause.choices, default=Cause.UNKNOWN)


class IncidentCauseSerializer(serializers.Serializer[IncidentReport]):
    cause = serializers.ChoiceField(choices=Cause.choices)
    note = serializers.CharField(max_length=500)


class IncidentStepNewSerializer(serializers.Serializer[IncidentReport]):
    kind = serializers.ChoiceField(choices=StepKind.choices, help_text="repair, replace, police, management or note")
    note = serializers.CharField(max_length=500)
    police_report_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    documents = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    original_location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class IncidentCloseSerializer(serializers.Serializer[IncidentReport]):
    note = serializers.CharField(max_length=500)


_REFUSED = {
    400: OpenApiResponse(description="步骤被拒绝：detail 用中文说明原因（DomainError）"),
    404: OpenApiResponse(description="缺损报告不存在或不在您的项目范围内"),
}


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("status", str, enum=IncidentStatus.values)]))
class IncidentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[IncidentReport]
):
    """Loss and damage reports (档案缺损): report (POST), then cause / step / close."""

    serializer_class = IncidentReportSerializer
    queryset = IncidentReport.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[IncidentReport]:
        qs = incidents_visible_to(self.request.user)
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs.select_related("archive").prefetch_related("documents", "steps").order_by("-recorded_at", "-id")

    def _out(self, report: IncidentReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    @extend_schema(request=IncidentReportNewSerializer, responses={201: IncidentReportSerializer, **_REFUSED})
    def create(self, request: Request) -> Response:
        data = IncidentReportNewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        archive = reportable_archive_get(request.user, d["archive"])
        incident = actions.IncidentData(
            kind=d["kind"], documents=tuple(d["documents"]), note=d["note"], found_at=d["found_at"], cause=d["cause"]
        )
        report = actions.incident_report(archive=archive, data=incident, actor=request.user)
        return self._out(report, status.HTTP_201_CREATED)

    @extend_schema(request=IncidentCauseSerializer, responses={200: IncidentReportSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def cause(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()  # another project's report: 404 before the body is read
        data = IncidentCauseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        return self._out(
            actions.incident_cause_set(report=report, cause=d["cause"], note=d["note"], actor=request.user)
        )

    @extend_schema(request=IncidentStepNewSerializer, responses={200: IncidentReportSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        data = IncidentStepNewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        step = actions.StepData(
            kind=d["kind"],
            note=d["note"],
            police_report_no=d["police_report_no"],
            documents=tuple(d["documents"]),
            original_location=d["original_location"],
        )
        actions.incident_step_add(report=report, data=step, actor=request.user)
        return self._out(report)

    @extend_schema(request=IncidentCloseSerializer, responses={200: IncidentReportSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        data = IncidentCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(actions.incident_close(report=report, note=data.validated_data["note"], actor=request.user))
