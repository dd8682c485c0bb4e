"""Transfers API: the sheets one may see; send, acknowledge, refuse and withdraw through the same actions.

Scoping as on the pages (``sheets_visible_to``); a sheet outside it answers 404. Who may take a step is
the action's rule: a refusal is a 400 with the Chinese reason (``DomainError``), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.core.errors import DomainError
from yidang.transfers import actions
from yidang.transfers.models import TransferItem, TransferRoute, TransferSheet, TransferStatus
from yidang.transfers.queries import items_parse, sheets_visible_to, waiting_for


class TransferItemSerializer(serializers.ModelSerializer[TransferItem]):
    archive_number = serializers.CharField(source="archive.number", read_only=True)
    item_no = serializers.IntegerField(source="document.item_no", read_only=True, allow_null=True)

    class Meta:
        model = TransferItem
        fields = ["id", "archive", "archive_number", "document", "item_no", "received", "missing_note"]


class TransferSheetSerializer(serializers.ModelSerializer[TransferSheet]):
    project = serializers.CharField(source="project.code", read_only=True)
    sender_label = serializers.CharField(read_only=True)
    receiver_label = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=TransferStatus.choices, read_only=True)
    route = serializers.ChoiceField(choices=TransferRoute.choices, read_only=True)
    items = TransferItemSerializer(many=True, read_only=True)

    class Meta:
        model = TransferSheet
        fields = ["id", "number", "project", "route", "sender", "sender_name", "sender_label", "receiver"]
        fields += ["receiver_name", "receiver_label", "status", "sent_at", "sent_by", "received_at", "received_by"]
        fields += ["received_signer", "receiver_note", "note", "items"]


class TransferSendSerializer(serializers.Serializer[TransferSheet]):
    project = serializers.CharField(help_text="project code (HY)")
    items = serializers.CharField(help_text="one line per item: 档案号 (whole folder) or 档案号#3,5 (documents)")
    route = serializers.ChoiceField(choices=TransferRoute.choices, default=TransferRoute.OTHER)
    receiver = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="user id")
    receiver_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    sender_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    sent_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TransferAcknowledgeSerializer(serializers.Serializer[TransferSheet]):
    received = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the items found")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    signer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class TransferRefuseSerializer(serializers.Serializer[TransferSheet]):
    reason = serializers.CharField(max_length=500)


_REFUSED = {
    400: OpenApiResponse(description="步骤被拒绝：detail 用中文说明原因（DomainError）"),
    404: OpenApiResponse(description="移交单不存在或不在您的项目范围内"),
}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=TransferStatus.values),
            OpenApiParameter("waiting", bool, description="only the sheets waiting for my signature"),
        ]
    )
)
class TransferSheetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[TransferSheet]
):
    """Transfer sheets (移交单): send (POST), then acknowledge / refuse / cancel."""

    serializer_class = TransferSheetSerializer
    queryset = TransferSheet.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[TransferSheet]:
        user: Any = self.request.user
        params = self.request.query_params
        qs = waiting_for(user) if params.get("waiting") in ("1", "true") else sheets_visible_to(user)
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        qs = qs.select_related("project")
        return qs.prefetch_related("items__archive", "items__document").order_by("-sent_at", "-id")

    def _out(self, sheet: TransferSheet, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(sheets_visible_to(self.request.user).get(pk=sheet.pk)).data, status=code)

    @extend_schema(request=TransferSendSerializer, responses={201: TransferSheetSerializer, **_REFUSED})
    def create(self, request: Request) -> Response:
        data = TransferSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        user: User = request.user  # type: ignore[assignment]
        project = projects_of(user).filter(code=d["project"]).first()
        if project is None:
            raise DomainError(_("在您的项目中没有找到该项目"), field="project")
        receiver = None
        if d["receiver"] is not None:
            receiver = User.objects.filter(pk=d["receiver"], projects=project).first()
            if receiver is None:
                raise DomainError(_("接收人须是本项目的在职人员"), field="receiver")
        sheet = actions.transfer_sheet_send(
            data=actions.SheetData(
                project=project,
                items=tuple(items_parse(d["items"], [project.pk])),
                route=d["route"],
                receiver=receiver,
                receiver_name=d["receiver_name"],
                sender_name=d["sender_name"],
                note=d["note"],
                sent_at=d["sent_at"],
            ),
            actor=user,
        )
        return self._out(sheet, status.HTTP_201_CREATED)

    @extend_schema(request=TransferAcknowledgeSerializer, responses={200: TransferSheetSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        sheet = self.get_object()  # another project's sheet: 404 before the body is read
        data = TransferAcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        check = actions.Acknowledgement(
            received=frozenset(d["received"]), note=d["note"], signer=d["signer"], received_at=d["received_at"]
        )
        return self._out(actions.transfer_sheet_acknowledge(sheet=sheet, check=check, actor=request.user))

    @extend_schema(request=TransferRefuseSerializer, responses={200: TransferSheetSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        sheet = self.get_object()
        data = TransferRefuseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        return self._out(actions.transfer_sheet_refuse(sheet=sheet, reason=reason, actor=request.user))

    @extend_schema(request=None, responses={200: TransferSheetSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._out(actions.transfer_sheet_cancel(sheet=self.get_object(), actor=request.user))
