"""API: revealing one person's ID number, with a stated reason (the same action and limit as the page)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yidang.accounts.models import User
from yidang.core.errors import DomainError
from yidang.usage.actions import REVEAL_PERMISSION, id_number_reveal
from yidang.usage.queries import person_for_reveal


class CanRevealIdNumbers(BasePermission):
    message = "您没有查看完整证件号码的权限"

    def has_permission(self, request: Request, view: object) -> bool:
        return bool(request.user and request.user.has_perm(REVEAL_PERMISSION))


class RevealInputSerializer(serializers.Serializer[dict[str, str]]):
    reason = serializers.CharField(max_length=200, help_text="why the full number is needed (logged)")


class RevealedSerializer(serializers.Serializer[dict[str, object]]):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.CharField()
    room_id = serializers.IntegerField()


class RevealIdView(APIView):
    """The full ID number of a person in one of your households. Logged in the usage ledger and audit
    trail; at most ``YIDANG_ID_REVEAL_PER_HOUR`` per user per hour (429 beyond)."""

    permission_classes = [CanRevealIdNumbers]

    @extend_schema(
        request=RevealInputSerializer,
        responses={
            200: RevealedSerializer,
            400: OpenApiResponse(description="没有说明原因，或该人员没有登记证件号码"),
            403: OpenApiResponse(description="没有查看完整证件号码的权限"),
            404: OpenApiResponse(description="人员不存在，或不在您的项目中"),
            429: OpenApiResponse(description="查看过于频繁（每人每小时限次）"),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        person, room = person_for_reveal(user, pk)
        data = RevealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            number = id_number_reveal(person=person, room=room, actor=user, reason=data.validated_data["reason"])
        except DomainError as exc:
            if exc.code != "rate_limited":
                raise
            return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        body: dict[str, object] = {
            "person_id": person.pk,
            "name": person.name,
            "id_type": person.id_type,
            "id_number": number,
        }
        response = Response(RevealedSerializer({**body, "room_id": room.pk}).data)
        response["Cache-Control"] = "no-store"
        return response
