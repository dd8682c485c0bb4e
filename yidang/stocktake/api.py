"""Stocktake API: the counts of one's projects, and a count done from a handheld scanner or an app.

Scoping as on the pages (``stocktakes_visible_to``: the user's projects, for those whose duty includes
the count); another project's count answers 404 before a body is read. Starting, scanning and closing
go through the same actions as the pages: a refusal is a 400 with the Chinese reason, or 403 for a role
that may not count. The page keeps the place last scanned in the session; the API is stateless, so a
scan names its ``place`` (a location code) when it has one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.accounts.queries import project_ids_of
from yidang.core.errors import DomainError
from yidang.shelving.models import Location
from yidang.stocktake import actions
from yidang.stocktake.models import Outcome, Stocktake
from yidang.stocktake.queries import in_subtree, location_of_code, reconcile, stocktakes_visible_to

COUNTERS_ONLY = "只有本项目的档案管理员可以清点"
REFUSALS = {
    400: OpenApiResponse(description="被拒绝：detail 用中文说明原因"),
    403: OpenApiResponse(description=COUNTERS_ONLY),
    404: OpenApiResponse(description="清点不存在或不在您的范围内"),
}


class StocktakeSerializer(serializers.ModelSerializer[Stocktake]):
    project = serializers.CharField(source="project.code", read_only=True)
    area = serializers.CharField(source="area.code", read_only=True, help_text="the location code counted")
    status = serializers.CharField(read_only=True, help_text="open | closed")
    started_by = serializers.CharField(source="started_by.username", read_only=True)
    closed_by = serializers.CharField(source="closed_by.username", read_only=True, default=None)
    expected = serializers.SerializerMethodField(help_text="folders the ledger puts in the area")
    counts = serializers.SerializerMethodField(
        help_text="folders by outcome (in_place, misplaced, missing, unknown, on_loan): live while open, "
        "as recorded once closed"
    )

    class Meta:
        model = Stocktake
        fields = ["id", "project", "area", "status", "note", "started_by", "started_at", "closed_by", "closed_at"]
        fields += ["expected", "counts"]

    def get_expected(self, obj: Stocktake) -> int:
        return _tally(obj)[0]

    def get_counts(self, obj: Stocktake) -> dict[str, int]:
        return _tally(obj)[1]


def _tally(take: Stocktake) -> tuple[int, dict[str, int]]:
    """(expected, counts by outcome): as recorded once closed; reconciled live (once per object) while open."""
    if not take.is_open:
        return take.expected, {o.value: getattr(take, o.value) for o in Outcome}
    live = getattr(take, "_live", None)
    if live is None:
        live = take._live = reconcile(take)  # type: ignore[attr-defined]
    return live.expected, live.counts


class StocktakeStartSerializer(serializers.Serializer[Stocktake]):
    area = serializers.CharField(max_length=200, help_text="the code of the room, cabinet, shelf or box to count")
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class StocktakeScanSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=500, help_text="the folder label, archive number or location code read")
    place = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True, help_text="the location code last scanned"
    )


class StocktakeScanResultSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="place | folder | unknown | again")
    outcome = serializers.CharField(help_text="for a folder: in_place | misplaced (else empty)")
    message = serializers.CharField()
    place = serializers.CharField(allow_null=True, help_text="the place to name in the next scans")
    stocktake = StocktakeSerializer()


class StocktakeCloseSerializer(serializers.Serializer[Stocktake]):
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


def _may_count(request: Request) -> None:
    """A role that may not count is refused before the body is read."""
    if not request.user.has_perm("stocktake.add_stocktake"):
        raise PermissionDenied(COUNTERS_ONLY)


class StocktakeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Stocktake]):
    """Stocktakes of the storage areas of the user's projects, newest first."""

    serializer_class = StocktakeSerializer
    queryset = Stocktake.objects.none()
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Stocktake]:
        qs = stocktakes_visible_to(self.request.user)  # type: ignore[arg-type]
        return qs.select_related("project", "area", "started_by", "closed_by").order_by("-started_at", "-id")

    def _fresh(self, pk: int) -> dict[str, Any]:
        return self.get_serializer(self.get_queryset().get(pk=pk)).data  # type: ignore[return-value]

    @extend_schema(request=StocktakeStartSerializer, responses={201: StocktakeSerializer, **REFUSALS})
    def create(self, request: Request) -> Response:
        """Begin counting an area of one of my projects (one open count per area)."""
        _may_count(request)
        data = StocktakeStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        area = self._area(data.validated_data["area"])
        take = actions.stocktake_start(area=area, actor=request.user, note=data.validated_data["note"])
        return Response(self._fresh(take.pk), status=status.HTTP_201_CREATED)

    def _area(self, code: str) -> Location:
        user: Any = self.request.user
        for project_id in project_ids_of(user):
            location = location_of_code(project_id, code)
            if location is not None:
                return location
        raise DomainError(_("没有找到位置编码 %(c)s，请核对标签") % {"c": code.strip()}, field="area")

    @extend_schema(request=StocktakeScanSerializer, responses={200: StocktakeScanResultSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def scan(self, request: Request, pk: str | None = None) -> Response:
        """A code read during the count: a place, a folder (counted once) or an unknown code."""
        take: Any = self.get_object()  # another project's count: 404 before the body is read
        _may_count(request)
        data = StocktakeScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        place = (
            location_of_code(take.project_id, data.validated_data["place"]) if data.validated_data["place"] else None
        )
        if not in_subtree(place, take.area):  # the action ignores a place outside the area: so does the answer
            place = None
        code = data.validated_data["code"]
        result = actions.stocktake_scan(stocktake=take, text=code, actor=request.user, place=place)
        now_at = result.place if result.kind == "place" else place
        body: dict[str, Any] = {"kind": result.kind, "outcome": result.outcome, "message": str(result.message)}
        body |= {"place": now_at.code if now_at else None, "stocktake": self._fresh(take.pk)}
        return Response(body)

    @extend_schema(request=StocktakeCloseSerializer, responses={200: StocktakeSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Finish the count: every outcome is recorded; folders not scanned count as missing (unless on loan)."""
        take: Any = self.get_object()
        _may_count(request)
        data = StocktakeCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.stocktake_close(stocktake=take, actor=request.user, note=data.validated_data["note"])
        return Response(self._fresh(take.pk))
