"""Changes to accounts, each in one transaction with its audit row.

Sign-in events (login, logout, failed login, lockout) are recorded here too: the audit trail is the
one record of who came in, from where, and who was refused.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from yidang.accounts.models import User
from yidang.accounts.queries import deactivation_refusal
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError


def _user_or_placeholder(username: str) -> User:
    """The user of that name, or an unsaved one standing for a name that does not exist."""
    return User.objects.filter(username=username).first() or User(username=username[:150])


@transaction.atomic
def account_login_record(*, user: User, ip: str | None, channel: str = "web") -> None:
    """A sign-in by password: on the login page ("web") or at the API's token endpoint ("api")."""
    audit_record(actor=user, change=Change("account.login", user, after={"ip": ip, "channel": channel}))


@transaction.atomic
def account_logout_record(*, user: User, ip: str | None) -> None:
    audit_record(actor=user, change=Change("account.logout", user, after={"ip": ip}))


@transaction.atomic
def account_login_failed_record(*, username: str, ip: str | None, channel: str) -> None:
    """A refused password (or a refused attempt while locked out). ``channel`` is "web" or "api"."""
    user = _user_or_placeholder(username)
    after = {"username": username, "ip": ip, "channel": channel}
    audit_record(actor=None, change=Change("account.login_failed", user, after=after))


@transaction.atomic
def account_locked_out_record(*, username: str, ip: str | None) -> None:
    user = _user_or_placeholder(username)
    audit_record(actor=None, change=Change("account.locked_out", user, after={"username": username, "ip": ip}))


@transaction.atomic
def user_password_change(*, user: User, new_password: str, actor: Any) -> User:
    """Set a new password (already validated by the form). The history and age clock follow on save."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, change=Change("account.password_change", user))
    return user


@transaction.atomic
def user_password_change_record(*, user: User, actor: Any) -> None:
    """Audit a password set by a page that saves it itself (the admin's password form)."""
    audit_record(actor=actor, change=Change("account.password_change", user))


@transaction.atomic
def user_totp_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator for the user to scan, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("手机验证器"), confirmed=False)
    return device


@transaction.atomic
def user_totp_confirm(*, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm the scanned authenticator with one code it shows; other unconfirmed ones are dropped."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    _verify(device, code)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit_record(actor=device.user, change=Change("account.totp_enrol", device.user))
    return device


def user_totp_verify(*, device: TOTPDevice, code: str, ip: str | None) -> TOTPDevice:
    """Check the second factor of a sign-in; a wrong code is audited, then raised as DomainError."""
    failure: DomainError | None = None
    with transaction.atomic():  # commits the throttle counter and the audit row even when refusing
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        try:
            _verify(device, code)
        except DomainError as error:
            failure = error
        action = "account.totp_failed" if failure else "account.totp_verify"
        after = {"username": device.user.username, "ip": ip}
        audit_record(actor=None if failure else device.user, change=Change(action, device.user, after=after))
    if failure is not None:
        raise failure
    return device


def _verify(device: TOTPDevice, code: str) -> None:
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        until = (detail or {}).get("locked_until")
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 30
        raise DomainError(_("验证码错误次数过多，请 %(seconds)d 秒后再试。") % {"seconds": seconds}, field="code")
    if not device.verify_token(code.strip().replace(" ", "")):
        raise DomainError(_("验证码不正确或已过期，请输入手机上当前显示的 6 位数字。"), field="code")


@transaction.atomic
def user_deactivate(*, user: User, actor: Any) -> User:
    """Exit clearance: a user who still holds a folder cannot be deactivated."""
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = deactivation_refusal(user)
    if refusal:
        raise DomainError(refusal, field="is_active", code="holds_folders")
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, change=Change("account.deactivate", user, before={"is_active": True}))
    return user
