"""Retention API: holds, appraisals, destruction lists and ghosts, through the same queries and actions as the pages.

Scoping as on the pages (``yidang.retention.queries``: the user's projects, another project's row
answers 404); who may take a step is the action's rule, and a refusal is a 400 with the Chinese
reason (``DomainError``), never a 500. Reading needs ``retention.view_retention`` as the pages do
(ghosts also ``archive.view_archive_file``: the catalogue shows them). There is no DELETE: holds are
released, appraisals closed, lists rejected, and a ghost is the permanent record of a destruction.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.archive.models import Archive
from yidang.core.errors import DomainError
from yidang.retention import actions
from yidang.retention.models import (
    Appraisal,
    AppraisalItem,
    AppraisalStatus,
    Decision,
    DestructionList,
    DocumentGhost,
    Hold,
    ListStatus,
    Method,
)
from yidang.retention.queries import (
    appraisals_with_counts,
    can_view,
    ghosts_visible_to,
    holds_visible_to,
    items_of,
    list_items,
    lists_visible_to,
)
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind


class CanViewRetention(permissions.BasePermission):
    """The pages' rule: the appraisal panel and the general manager (``retention.view_retention``)."""

    message = "只有鉴定小组和总经理可以查看保管期限与销毁"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and can_view(request.user))


class CanViewGhosts(permissions.BasePermission):
    """Ghosts are on the file's catalogue: whoever may read files, or the retention readers."""

    message = "您没有查看档案的权限"

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return can_view(user) or bool(user.has_perm("archive.view_archive_file"))


def _username(field: str) -> Any:
    return serializers.CharField(source=f"{field}.username", read_only=True, allow_null=True, default=None)


_REFUSED = {
    400: OpenApiResponse(description="步骤被拒绝：detail 用中文说明原因（DomainError），field 指出哪一项"),
    403: OpenApiResponse(description="没有查看保管期限与销毁的权限"),
    404: OpenApiResponse(description="对象不存在或不在您的项目范围内"),
}


# ---- holds ----------------------------------------------------------------------------------------


class HoldSerializer(serializers.ModelSerializer[Hold]):
    project = serializers.CharField(source="project.code", read_only=True)
    archive_number = serializers.CharField(source="archive.number", read_only=True)
    item_no = serializers.IntegerField(source="document.item_no", read_only=True, allow_null=True, default=None)
    placed_by = _username("placed_by")
    released_by = _username("released_by")
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Hold
        fields = ["id", "project", "archive", "archive_number", "document", "item_no", "reason", "active"]
        fields += ["placed_by", "placed_at", "released_by", "released_at", "release_reason"]
        read_only_fields = fields


class HoldPlaceSerializer(serializers.Serializer[Hold]):
    archive = serializers.IntegerField(help_text="archive id of a file of one's own project")
    document = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="document id in that file; empty: the whole file"
    )
    reason = serializers.CharField(max_length=300, allow_blank=True, help_text="the legal matter or dispute")


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("active", bool, description="true: holds in force; false: released ones"),
            OpenApiParameter("archive", int, description="holds of this file"),
        ]
    ),
    retrieve=extend_schema(responses={200: HoldSerializer, 403: _REFUSED[403], 404: _REFUSED[404]}),
)
class HoldViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Hold]
):
    """Holds (冻结) on a document or a whole file: place (POST), then release with a reason."""

    serializer_class = HoldSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRetention]
    queryset = Hold.objects.none()  # the schema's type of {id}; requests use get_queryset
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Hold]:
        qs = holds_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("active") in ("1", "true"):
            qs = qs.filter(released_at__isnull=True)
        elif params.get("active") in ("0", "false"):
            qs = qs.filter(released_at__isnull=False)
        if params.get("archive", "").isdigit():
            qs = qs.filter(archive_id=int(params["archive"]))
        qs = qs.select_related("project", "archive", "document", "placed_by", "released_by")
        return qs.order_by("-placed_at", "-id")

    def _out(self, hold: Hold, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=hold.pk)).data, status=code)

    def _require_hold(self, request: Request) -> None:
        """As on the holds page: who reads retention but may not freeze (the CS supervisor) gets a 403."""
        if not request.user.has_perm("retention.place_hold"):
            raise PermissionDenied(_("您没有冻结档案的权限"))

    @extend_schema(request=HoldPlaceSerializer, responses={201: HoldSerializer, **_REFUSED})
    def create(self, request: Request) -> Response:
        self._require_hold(request)
        data = HoldPlaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        archive = Archive.objects.filter(project__in=projects_of(request.user), pk=d["archive"]).first()  # type: ignore[arg-type]
        if archive is None:
            raise Http404("没有找到该档案")
        document = None
        if d["document"] is not None:
            document = archive.documents.filter(pk=d["document"]).first()
            if document is None:
                raise DomainError(_("档案 %(n)s 没有该文件") % {"n": archive.number}, field="document")
        hold = actions.hold_place(archive=archive, document=document, reason=d["reason"], actor=request.user)
        return self._out(hold, status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={200: HoldSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        hold = self.get_object()  # another project's hold is a 404 before its body is read
        self._require_hold(request)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(actions.hold_release(hold=hold, reason=data.validated_data["reason"], actor=request.user))


# ---- appraisals -----------------------------------------------------------------------------------


class AppraisalItemSerializer(serializers.ModelSerializer[AppraisalItem]):
    archive = serializers.IntegerField(source="document.archive_id", read_only=True)
    archive_number = serializers.CharField(source="document.archive.number", read_only=True)
    item_no = serializers.IntegerField(source="document.item_no", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    doc_type = serializers.CharField(source="document.doc_type.name", read_only=True)
    doc_date = serializers.DateField(source="document.doc_date", read_only=True, allow_null=True)
    decision = serializers.ChoiceField(choices=Decision.choices, read_only=True)
    decided_by = _username("decided_by")
    held = serializers.BooleanField(read_only=True, help_text="the document is under a hold now")

    class Meta:
        model = AppraisalItem
        fields = ["id", "document", "archive", "archive_number", "item_no", "title", "doc_type", "doc_date"]
        fields += ["expired_on", "decision", "keep_years", "keep_until", "reason", "decided_by", "decided_at"]
        fields += ["on_list", "held"]
        read_only_fields = fields


class AppraisalSerializer(serializers.ModelSerializer[Appraisal]):
    project = serializers.CharField(source="project.code", read_only=True)
    status = serializers.ChoiceField(choices=AppraisalStatus.choices, read_only=True)
    closed_by = _username("closed_by")
    total = serializers.IntegerField(read_only=True, help_text="documents on the appraisal")
    pending = serializers.IntegerField(read_only=True, help_text="documents not decided yet")
    destruction_list = serializers.SerializerMethodField(help_text="id of the destruction list it made, if any")

    class Meta:
        model = Appraisal
        fields = ["id", "number", "project", "status", "created_at", "closed_at", "closed_by", "total", "pending"]
        fields += ["destruction_list"]
        read_only_fields = fields

    def get_destruction_list(self, obj: Appraisal) -> int | None:
        found = getattr(obj, "destruction_list", None)
        return found.pk if found is not None else None


class AppraisalDetailSerializer(AppraisalSerializer):
    items = serializers.SerializerMethodField()

    class Meta(AppraisalSerializer.Meta):
        fields = [*AppraisalSerializer.Meta.fields, "items"]
        read_only_fields = fields

    @extend_schema_field(AppraisalItemSerializer(many=True))
    def get_items(self, obj: Appraisal) -> Any:
        return AppraisalItemSerializer(items_of(obj), many=True).data


class DecideSerializer(serializers.Serializer[AppraisalItem]):
    decision = serializers.ChoiceField(choices=[(Decision.KEEP, "keep"), (Decision.DESTROY, "destroy")])
    keep_years = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="keep: the new period, 1-100 years"
    )
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AppraisalCloseSerializer(serializers.Serializer[Any]):
    appraisal = AppraisalSerializer()
    destruction_list = serializers.IntegerField(
        allow_null=True, help_text="the destruction list sent to the general manager; null when all were kept"
    )


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("status", str, enum=AppraisalStatus.values)]),
    retrieve=extend_schema(responses={200: AppraisalDetailSerializer, 403: _REFUSED[403], 404: _REFUSED[404]}),
)
class AppraisalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Appraisal]):
    """Appraisal lists (鉴定清单) of expired documents: the panel decides each item, then closes the list."""

    serializer_class = AppraisalSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRetention]
    queryset = Appraisal.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Appraisal]:
        qs = appraisals_with_counts(self.request.user).select_related("closed_by", "destruction_list")
        if self.request.query_params.get("status") in AppraisalStatus.values:
            qs = qs.filter(status=self.request.query_params["status"])
        return qs.order_by("-created_at", "-id")

    def get_serializer_class(self) -> Any:
        return AppraisalDetailSerializer if self.action == "retrieve" else AppraisalSerializer

    @extend_schema(
        request=DecideSerializer,
        responses={200: AppraisalItemSerializer, **_REFUSED},
        parameters=[OpenApiParameter("item_pk", int, OpenApiParameter.PATH, description="appraisal item id")],
    )
    @action(detail=True, methods=["post"], url_path=r"items/(?P<item_pk>\d+)/decide", url_name="decide")
    def decide(self, request: Request, pk: str | None = None, item_pk: str | None = None) -> Response:
        """Keep (a new period of 1-100 years and a reason) or destroy one item."""
        appraisal = self.get_object()
        item = items_of(appraisal).filter(pk=int(item_pk or 0)).first()
        if item is None:
            raise Http404("没有找到该条目")
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        actions.appraisal_item_decide(
            item=item, decision=d["decision"], keep_years=d["keep_years"], reason=d["reason"], actor=request.user
        )
        return Response(AppraisalItemSerializer(items_of(appraisal).get(pk=item.pk)).data)

    @extend_schema(request=None, responses={200: AppraisalCloseSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Finish the appraisal; its destroy items become a destruction list for the general manager."""
        dlist = actions.appraisal_close(appraisal=self.get_object(), actor=request.user)
        appraisal = self.get_queryset().get(pk=self.kwargs["pk"])
        body = {"appraisal": AppraisalSerializer(appraisal).data, "destruction_list": dlist.pk if dlist else None}
        return Response(body)


# ---- destruction lists ----------------------------------------------------------------------------


class DestructionListSerializer(serializers.ModelSerializer[DestructionList]):
    project = serializers.CharField(source="project.code", read_only=True)
    appraisal_number = serializers.CharField(source="appraisal.number", read_only=True)
    status = serializers.ChoiceField(choices=ListStatus.choices, read_only=True)
    method = serializers.CharField(read_only=True, help_text="shred or burn; empty until carried out")
    submitted_by = _username("submitted_by")
    decided_by = _username("decided_by")
    witness = _username("witness")
    executed_by = _username("executed_by")

    class Meta:
        model = DestructionList
        fields = ["id", "number", "project", "appraisal", "appraisal_number", "status", "submitted_by"]
        fields += ["submitted_at", "due_at", "decided_by", "decided_at", "decision_note", "method", "witness"]
        fields += ["destroyed_at", "executed_by", "destroyed_count", "destroyed_pages", "withheld_count"]
        fields += ["record_keep_until"]
        read_only_fields = fields


class DestructionListDetailSerializer(DestructionListSerializer):
    items = serializers.SerializerMethodField(help_text="the documents on the list (and those a hold withheld)")

    class Meta(DestructionListSerializer.Meta):
        fields = [*DestructionListSerializer.Meta.fields, "items"]
        read_only_fields = fields

    @extend_schema_field(AppraisalItemSerializer(many=True))
    def get_items(self, obj: DestructionList) -> Any:
        return AppraisalItemSerializer(list_items(obj), many=True).data


class DecisionNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ExecuteSerializer(serializers.Serializer[Any]):
    method = serializers.ChoiceField(choices=Method.choices)
    witness = serializers.IntegerField(help_text="user id of the witnessing CS supervisor of the project")
    destroyed_at = serializers.DateTimeField(help_text="when the papers were destroyed (not before the approval)")


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("status", str, enum=ListStatus.values)]),
    retrieve=extend_schema(responses={200: DestructionListDetailSerializer, 403: _REFUSED[403], 404: _REFUSED[404]}),
)
class DestructionListViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[DestructionList]
):
    """Destruction lists (销毁清单): the general manager approves or rejects; the archivist carries them out."""

    serializer_class = DestructionListSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRetention]
    queryset = DestructionList.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[DestructionList]:
        qs = lists_visible_to(self.request.user).select_related(
            "project", "appraisal", "submitted_by", "decided_by", "witness", "executed_by"
        )
        if self.request.query_params.get("status") in ListStatus.values:
            qs = qs.filter(status=self.request.query_params["status"])
        return qs.order_by("-submitted_at", "-id")

    def get_serializer_class(self) -> Any:
        return DestructionListSerializer if self.action == "list" else DestructionListDetailSerializer

    def _out(self, dlist: DestructionList) -> Response:
        return Response(DestructionListDetailSerializer(self.get_queryset().get(pk=dlist.pk)).data)

    def _note(self, request: Request) -> str:
        data = DecisionNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return str(data.validated_data["note"])

    @extend_schema(request=DecisionNoteSerializer, responses={200: DestructionListDetailSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """The general manager approves (an optional note)."""
        dlist = self.get_object()
        return self._out(actions.destruction_list_approve(dlist=dlist, actor=request.user, note=self._note(request)))

    @extend_schema(request=DecisionNoteSerializer, responses={200: DestructionListDetailSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """The general manager rejects, with a reason (the note); the documents come back at the next sweep."""
        dlist = self.get_object()
        return self._out(actions.destruction_list_reject(dlist=dlist, actor=request.user, note=self._note(request)))

    @extend_schema(request=ExecuteSerializer, responses={200: DestructionListDetailSerializer, **_REFUSED})
    @action(detail=True, methods=["post"])
    def execute(self, request: Request, pk: str | None = None) -> Response:
        """The archivist records the destruction: method, witness (a CS supervisor of the project) and time."""
        dlist = self.get_object()
        data = ExecuteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        witness = User.objects.filter(pk=d["witness"], is_active=True).first()
        dlist = actions.destruction_execute(
            dlist=dlist, method=d["method"], witness=witness, destroyed_at=d["destroyed_at"], actor=request.user
        )
        return self._out(dlist)


# ---- ghosts ---------------------------------------------------------------------------------------


class DocumentGhostSerializer(serializers.ModelSerializer[DocumentGhost]):
    project = serializers.CharField(source="project.code", read_only=True)
    destruction_list_number = serializers.CharField(source="destruction_list.number", read_only=True)
    method = serializers.ChoiceField(choices=Method.choices, read_only=True)
    approved_by = _username("approved_by")

    class Meta:
        model = DocumentGhost
        fields = ["id", "document", "project", "archive", "archive_number", "item_no", "title", "doc_type"]
        fields += ["category", "doc_date", "filed_at", "pages", "is_original", "had_paper", "retention"]
        fields += ["expired_on", "scans", "destroyed_at", "method", "approved_by", "approved_at"]
        fields += ["destruction_list", "destruction_list_number"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("archive", int, description="ghosts of this file"),
            OpenApiParameter("destruction_list", int, description="ghosts made by this destruction list"),
        ]
    )
)
class DocumentGhostViewSet(viewsets.ReadOnlyModelViewSet[DocumentGhost]):
    """What each destroyed document was (read-only): file, 件号, title, scan versions, when and on whose approval."""

    serializer_class = DocumentGhostSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewGhosts]
    queryset = DocumentGhost.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[DocumentGhost]:
        qs = ghosts_visible_to(self.request.user).select_related(
            "project", "archive", "destruction_list", "approved_by"
        )
        params = self.request.query_params
        if params.get("archive", "").isdigit():
            qs = qs.filter(archive_id=int(params["archive"]))
        if params.get("destruction_list", "").isdigit():
            qs = qs.filter(destruction_list_id=int(params["destruction_list"]))
        return qs.order_by("archive_number", "item_no", "id")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One ghost. Each read is a use of the file (usage ledger: view_document)."""
        ghost = self.get_object()
        what = _("已销毁文件 %(n)s 第%(no)s件") % {"n": ghost.archive_number, "no": ghost.item_no}
        usage_record(user=request.user, kind=UsageKind.VIEW_DOCUMENT, archive=ghost.archive, what=what)
        return Response(self.get_serializer(ghost).data)
