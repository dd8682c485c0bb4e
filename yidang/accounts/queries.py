"""Reads that encode who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from yidang.accounts.models import User
from yidang.accounts.roles import CS_ROLES, MANAGER_ROLES, Role
from yidang.places.models import Project


def projects_of(user: User) -> QuerySet[Project]:
    """The projects a user works in. Superusers see all of them."""
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(staff=user)


def project_ids_of(user: User) -> list[int]:
    cached = getattr(user, "_yidang_project_ids", None)
    if cached is None:
        cached = list(projects_of(user).values_list("id", flat=True))
        user._yidang_project_ids = cached  # type: ignore[attr-defined]
    return cached


def roles_of(user: User) -> set[Role]:
    names = set(user.groups.values_list("name", flat=True))
    return {role for role in Role if role.value in names}


def is_customer_service(user: User) -> bool:
    return user.is_superuser or bool(roles_of(user) & CS_ROLES)


def password_expired(user: User, at: datetime | None = None) -> bool:
    """Whether the password is older than YIDANG_PASSWORD_MAX_AGE_DAYS (0 turns expiry off)."""
    days = settings.YIDANG_PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    return user.password_changed_at + timedelta(days=days) <= (at or timezone.now())


def totp_device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_required(user: User) -> bool:
    """Managers must use a second factor when YIDANG_TOTP_REQUIRED_FOR_MANAGERS is on."""
    return settings.YIDANG_TOTP_REQUIRED_FOR_MANAGERS and bool(roles_of(user) & MANAGER_ROLES)


class AccountStep(StrEnum):
    """What a signed-in user must do before anything else, in this order."""

    OTP_VERIFY = "otp_verify"
    OTP_SETUP = "otp_setup"
    PASSWORD_CHANGE = "password_change"

    @property
    def message(self) -> str:
        """What the user is told (page flash and API 403) when sent to this step."""
        if self is AccountStep.OTP_VERIFY:
            return _("请输入手机验证器上的 6 位验证码，完成登录。")
        if self is AccountStep.OTP_SETUP:
            return _("经理账号须先绑定手机验证器（两步验证），才能继续使用系统。")
        return _("您的密码已超过 %(days)d 天未修改，已过期。请先设置新密码，才能继续使用系统。") % {
            "days": settings.YIDANG_PASSWORD_MAX_AGE_DAYS
        }


@dataclass(frozen=True)
class TwoStepFacts:
    """What decides the second-factor steps; a session keeps them so pages cost no query."""

    enrolled: bool
    must_enrol: bool


def two_step_facts(user: User) -> TwoStepFacts:
    enrolled = totp_device_of(user) is not None
    return TwoStepFacts(enrolled=enrolled, must_enrol=not enrolled and totp_required(user))


def account_step_due(user: User, *, otp_verified: bool, facts: TwoStepFacts | None = None) -> AccountStep | None:
    """The step the user owes first, or None when they may go on.

    ``otp_verified`` says whether this sign-in has passed the second factor (a session's
    ``user.is_verified()``; an API token counts as verified since the token endpoint asked for it).
    ``facts`` may come from the session; read from the database when not given.
    """
    facts = facts or two_step_facts(user)
    if facts.enrolled and not otp_verified:
        return AccountStep.OTP_VERIFY
    if facts.must_enrol:
        return AccountStep.OTP_SETUP
    if password_expired(user):
        return AccountStep.PASSWORD_CHANGE
    return None


def deactivation_refusal(user: User) -> str | None:
    """Why the user cannot leave yet (folders still out in their name), or None when they may."""
    from yidang.loans.queries import loans_held_by

    held = [str(loan.archive) for loan in loans_held_by(user).select_related("archive").order_by("pk")]
    if not held:
        return None
    return _("%(user)s 还有 %(count)d 份档案未归还（%(folders)s），须全部归还后才能停用账号。") % {
        "user": user,
        "count": len(held),
        "folders": "、".join(held),
    }
