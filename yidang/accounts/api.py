from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.accounts.actions import user_totp_verify
from yidang.accounts.queries import account_step_due, totp_device_of
from yidang.accounts.signals import client_ip
from yidang.accounts.views import lockout_message


class TokenView(ObtainAuthToken):
    """POST username and password (and ``otp``, the authenticator's code, once enrolled); returns ``{"token": …}``.

    Failures count towards the same lockout as the login page.
    """

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                "otp": serializers.CharField(required=False, help_text="6-digit code, for users with two-step sign-in"),
            },
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        device = totp_device_of(user)
        if device is not None:
            code = str(request.data.get("otp") or "") if isinstance(request.data, dict) else ""
            if not code:
                raise exceptions.ValidationError(
                    {"otp": [_("该账号已启用两步验证，请同时提交手机验证器上的 6 位验证码（otp）。")]},
                    code="otp_required",
                )
            user_totp_verify(device=device, code=code, ip=client_ip(request))  # DomainError → 400
        step = account_step_due(user, otp_verified=True)
        if step is not None:
            raise exceptions.PermissionDenied(step.message)
        user_logged_in.send(sender=user.__class__, request=request, user=user)  # last_login, audit, lockout reset
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
