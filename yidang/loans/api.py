"""Loans API: read the loans one may see, and take each step of a loan through the same actions.

Scoping as on the pages (``loans_visible_to``: the user's projects; others' loans only for
customer-service staff); a loan outside it answers 404. Who may take a step is the action's rule:
a refusal is a 400 with the Chinese reason (``DomainError``), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.incidents.models import IncidentKind, IncidentReport
from yidang.loans import actions
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.queries import archive_lendable_get, loans_visible_to


class IncidentSerializer(serializers.ModelSerializer[IncidentReport]):
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    documents: serializers.Field[Any, Any, Any, Any] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = IncidentReport
        fields = ["id", "kind", "documents", "note", "recorded_at"]


class LoanSerializer(serializers.ModelSerializer[Loan]):
    archive_number = serializers.CharField(source="archive.number", read_only=True)
    room = serializers.CharField(source="archive.room.code", read_only=True)
    project = serializers.CharField(source="project.code", read_only=True)
    borrower = serializers.CharField(source="borrower.username", read_only=True)
    status = serializers.ChoiceField(choices=LoanStatus.choices, read_only=True)
    waits_for_manager = serializers.BooleanField(read_only=True)
    documents: serializers.Field[Any, Any, Any, Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="documents handed out"
    )
    incidents = IncidentSerializer(many=True, read_only=True)

    class Meta:
        model = Loan
        fields = ["id", "archive", "archive_number", "room", "project", "borrower", "purpose", "out_of_room"]
        fields += ["status", "waits_for_manager", "requested_at", "head_approved_at", "manager_approved_at"]
        fields += ["decision_note", "checked_out_at", "due_at", "same_day", "renewals", "returned_at"]
        fields += ["return_note", "last_reminded_at", "reminder_count", "documents", "incidents"]


class LoanRequestSerializer(serializers.Serializer[Loan]):
    archive = serializers.IntegerField(help_text="archive id of a folder of one's own project")
    purpose = serializers.CharField(max_length=200)
    out_of_room = serializers.BooleanField(default=False, help_text="taken out of the archive room (manager too)")


class NoteSerializer(serializers.Serializer[Loan]):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer[Loan]):
    returned = serializers.ListField(
        child=serializers.IntegerField(), help_text="ids of the documents that came back (from the loan's list)"
    )
    damaged = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


_REFUSED = {
    400: OpenApiResponse(description="步骤被拒绝：detail 用中文说明原因（DomainError）"),
    404: OpenApiResponse(description="借阅不存在或不在您的项目范围内"),
}


def _step(note: bool = False, body: Any = None) -> Any:
    return extend_schema(
        request=body or (NoteSerializer if note else None), responses={200: LoanSerializer, **_REFUSED}
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=LoanStatus.values),
            OpenApiParameter("mine", bool, description="only the loans I borrowed"),
            OpenApiParameter("archive", int, description="loans of this folder"),
        ]
    )
)
class LoanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Loan]
):
    """Loans of paper folders: request (POST), then approve / reject / cancel / checkout / renew / return."""

    serializer_class = LoanSerializer
    queryset = Loan.objects.none()  # the schema's type of {id}; requests use get_queryset
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Loan]:
        qs = loans_visible_to(self.request.user)  # type: ignore[arg-type]
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("mine") in ("1", "true"):
            qs = qs.filter(borrower=self.request.user)  # type: ignore[misc]
        if params.get("archive", "").isdigit():
            qs = qs.filter(archive_id=int(params["archive"]))
        qs = qs.select_related("archive__room", "project", "borrower")
        return qs.prefetch_related("documents", "incidents__documents").order_by("-requested_at", "-id")

    def _out(self, loan: Loan, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=loan.pk)).data, status=code)

    @extend_schema(request=LoanRequestSerializer, responses={201: LoanSerializer, **_REFUSED})
    def create(self, request: Request) -> Response:
        data = LoanRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        archive = archive_lendable_get(request.user, d["archive"])  # type: ignore[arg-type]
        loan = actions.loan_request(
            archive=archive, purpose=d["purpose"], out_of_room=d["out_of_room"], actor=request.user
        )
        return self._out(loan, status.HTTP_201_CREATED)

    def _note(self, request: Request) -> str:
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return str(data.validated_data["note"])

    @_step(note=True)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._out(actions.loan_approve(loan=self.get_object(), actor=request.user, note=self._note(request)))

    @_step(note=True)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._out(actions.loan_reject(loan=self.get_object(), actor=request.user, note=self._note(request)))

    @_step()
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._out(actions.loan_cancel(loan=self.get_object(), actor=request.user))

    @_step()
    @action(detail=True, methods=["post"])
    def checkout(self, request: Request, pk: str | None = None) -> Response:
        return self._out(actions.loan_checkout(loan=self.get_object(), actor=request.user))

    @_step()
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str | None = None) -> Response:
        return self._out(actions.loan_renew(loan=self.get_object(), actor=request.user))

    @_step(body=ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        loan = self.get_object()  # another project's loan is a 404 before its body is read
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        check = actions.ReturnCheck(returned=frozenset(d["returned"]), damaged=frozenset(d["damaged"]), note=d["note"])
        return self._out(actions.loan_return(loan=loan, actor=request.user, check=check))
