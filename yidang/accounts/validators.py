"""Password rules beyond Django's own validators (configured in AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, is_password_usable
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yidang.accounts.models import PasswordHistory


class PasswordHistoryValidator:
    """Refuses the user's last ``remember`` passwords: the current one and those in PasswordHistory.

    Django calls ``password_changed`` after every saved password change (the password pages, the
    admin, ``changepassword``); it keeps the outgoing password's hash, so no path can skip it.
    """

    def __init__(self, remember: int = 5) -> None:
        self.remember = remember

    def _recent_hashes(self, user: Any) -> list[str]:
        older = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
        hashes = list(older.values_list("password", flat=True)[: self.remember - 1])
        return [user.password, *hashes] if _usable(user.password) else hashes

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user)):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次用过的密码相同。"),
                code="password_reused",
                params={"count": self.remember},
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        outgoing = getattr(user, "_outgoing_password", "")
        if user is None or user.pk is None or not _usable(outgoing) or outgoing == user.password:
            return
        PasswordHistory.objects.create(user=user, password=outgoing)
        keep = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk").values_list("pk", flat=True)
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep[: self.remember - 1])).delete()

    def get_help_text(self) -> str:
        return _("新密码不能与最近 %(count)d 次用过的密码相同。") % {"count": self.remember}


def _usable(encoded: str | None) -> bool:
    return bool(encoded) and is_password_usable(encoded)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message (Django 5.2's own zh-hans text no longer matches its msgid)."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
