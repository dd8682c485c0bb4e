"""API authentication (kept apart from api.py: DRF imports it while its own views module loads)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from yidang.accounts.queries import account_step_due


class AccountTokenAuthentication(TokenAuthentication):
    """Token auth that refuses (403) a user who owes a step first: a new password, or enrolling a second factor.

    A token counts as second-factor verified: the token endpoint asked for the code.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        step = account_step_due(user, otp_verified=True)
        if step is not None:
            raise exceptions.PermissionDenied(step.message)
        return user, token
