"""Access-request API: ``/api/v1/access-requests/`` — list, file, read one, approve, reject, cancel.

Every route calls the actions of ``yidang.access.actions`` (a DomainError is a 400 with its Chinese
message; one about rights is a 403) and reads through ``yidang.access.queries``, so a request of
another project answers 404 and an approver is checked for role and project exactly as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.access import actions
from yidang.access.models import AccessRequest, CopyFor, CopyKind, RequestKind
from yidang.access.queries import approvals_waiting_for, request_get, requests_visible_to
from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.core.errors import DomainError


class AccessRequestSerializer(serializers.ModelSerializer[AccessRequest]):
    project_code = serializers.CharField(source="project.code")
    requester = serializers.CharField(source="requester.username")
    archives: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )
    items = serializers.SerializerMethodField(help_text="item numbers of the documents a copy request names")
    visitor = serializers.CharField(source="visitor_label", help_text="visitor's name and masked ID number")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    has_copy = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "project_code",
            "kind",
            "copy_kind",
            "copy_for",
            "status",
            "requester",
            "department",
            "visitor",
            "visitor_org",
            "purpose",
            "archives",
            "items",
            "window_start",
            "window_end",
            "decided_by",
            "decided_at",
            "decision_note",
            "fee",
            "copy_pages",
            "has_copy",
            "received_by_name",
            "received_at",
            "created_at",
        ]

    def get_items(self, obj: AccessRequest) -> list[int]:
        return [d.item_no for d in obj.documents.order_by("item_no")]

    def get_has_copy(self, obj: AccessRequest) -> bool:
        return bool(obj.copy_file)


class AccessRequestInputSerializer(serializers.Serializer[AccessRequest]):
    """A new request. ``codes`` are room codes or archive numbers of the project, as typed."""

    kind = serializers.ChoiceField(choices=RequestKind.choices)
    project = serializers.CharField(help_text="project code, e.g. HY")
    codes = serializers.ListField(
        child=serializers.CharField(max_length=60),
        min_length=1,
        max_length=50,
        help_text="room codes or archive numbers",
    )
    purpose = serializers.CharField(max_length=200)
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()
    visitor_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    visitor_org = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    visitor_id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    proof = serializers.FileField(required=False, allow_null=True, default=None, help_text="PDF, JPEG or PNG")
    copy_kind = serializers.ChoiceField(choices=CopyKind.choices, required=False, allow_blank=True, default="")
    copy_for = serializers.ChoiceField(choices=CopyFor.choices, required=False, allow_blank=True, default="")
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)

    def request_data(self, user: User) -> actions.RequestData:
        d = self.validated_data
        project = projects_of(user).filter(code=d["project"]).first()
        if project is None:
            raise DomainError("只能申请本人所属项目的档案", field="project", code="forbidden")
        return actions.RequestData(
            kind=d["kind"],
            project=project,
            codes="\n".join(d["codes"]),
            purpose=d["purpose"],
            window_start=d["window_start"],
            window_end=d["window_end"],
            visitor_name=d["visitor_name"],
            visitor_org=d["visitor_org"],
            visitor_id_number=d["visitor_id_number"],
            proof=d["proof"],
            copy_kind=d["copy_kind"],
            copy_for=d["copy_for"],
            items=",".join(str(n) for n in d["items"]),
        )


class DecisionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


_ERRORS = {
    400: OpenApiResponse(description="输入有误或申请状态不允许：detail 说明原因（DomainError）"),
    403: OpenApiResponse(description="无权提交或审批该申请（角色、项目、本人申请）"),
    404: OpenApiResponse(description="申请不存在，或不在您的项目中"),
}


class AccessRequestViewSet(viewsets.GenericViewSet[AccessRequest]):
    """Requests to read or copy owner files: the user's own, and those of their projects' files."""

    serializer_class = AccessRequestSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[AccessRequest]:
        user: User = self.request.user  # type: ignore[assignment]
        scope = self.request.query_params.get("scope", "")
        if scope == "approvals":
            return approvals_waiting_for(user)
        rows = requests_visible_to(user).select_related("project", "requester", "decided_by")
        if scope == "mine":
            rows = rows.filter(requester=user)
        if status_ := self.request.query_params.get("status", ""):
            rows = rows.filter(status=status_)
        return rows.prefetch_related("archives", "documents").order_by("-created_at", "-id")

    def _request(self) -> AccessRequest:
        pk = str(self.kwargs.get("pk", ""))
        return request_get(self.request.user, int(pk) if pk.isdigit() else -1)  # type: ignore[arg-type]

    @extend_schema(
        parameters=[
            OpenApiParameter("scope", str, enum=["mine", "approvals"], description="only mine / only waiting for me"),
            OpenApiParameter("status", str, enum=["pending", "approved", "rejected", "cancelled"]),
        ]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AccessRequestSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(AccessRequestSerializer(self._request()).data)

    @extend_schema(
        request={"application/json": AccessRequestInputSerializer, "multipart/form-data": AccessRequestInputSerializer},
        responses={201: AccessRequestSerializer, **_ERRORS},
    )
    def create(self, request: Request) -> Response:
        data = AccessRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = actions.access_request_file(data=data.request_data(request.user), actor=request.user)  # type: ignore[arg-type]
        return Response(AccessRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses={200: AccessRequestSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve (CS head for reading; CS manager for outsiders and copies). A copy is made now."""
        note = _note(request)
        done = actions.access_request_approve(request=self._request(), actor=request.user, note=note)  # type: ignore[arg-type]
        return Response(AccessRequestSerializer(done).data)

    @extend_schema(request=DecisionSerializer, responses={200: AccessRequestSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject, with the reason in ``note`` (required)."""
        note = _note(request)
        done = actions.access_request_reject(request=self._request(), actor=request.user, note=note)  # type: ignore[arg-type]
        return Response(AccessRequestSerializer(done).data)

    @extend_schema(request=None, responses={200: AccessRequestSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """The requester withdraws a request still pending."""
        done = actions.access_request_cancel(request=self._request(), actor=request.user)  # type: ignore[arg-type]
        return Response(AccessRequestSerializer(done).data)


def _note(request: Request) -> str:
    data = DecisionSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return str(data.validated_data["note"])
