from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission

from yidang.accounts.roles import ROLE_PERMISSIONS


def sync_role_groups(app_config: AppConfig, **kwargs: Any) -> None:
    """Create each role's group and give it the permissions ROLE_PERMISSIONS names.

    Runs once per migrate, after the last installed app, when every permission exists.
    """
    if app_config is not [c for c in apps.get_app_configs() if c.models_module][-1]:
        return
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                raise LookupError(f"role {role.value}: permission {dotted} does not exist")
            wanted.append(perm)
        group.permissions.add(*wanted)


def client_ip(request: Any) -> str | None:
    """The address axes counts failures by (so the audit and the lockout agree)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


def _channel(request: Any) -> str:
    path = getattr(request, "path", "") or ""
    return "api" if path.startswith("/api/") else "web"


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from yidang.accounts.actions import account_login_record
    from yidang.accounts.middleware import session_two_step_facts

    if _channel(request) == "web" and getattr(request, "session", None) is not None:
        session_two_step_facts(request, user=user, refresh=True)
    account_login_record(user=user, ip=client_ip(request), channel=_channel(request))


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from yidang.accounts.actions import account_logout_record

    if user is not None and user.is_authenticated:
        account_logout_record(user=user, ip=client_ip(request))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from yidang.accounts.actions import account_login_failed_record

    username = str(credentials.get("username") or "")
    account_login_failed_record(username=username, ip=client_ip(request), channel=_channel(request))


def on_locked_out(sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    from yidang.accounts.actions import account_locked_out_record

    account_locked_out_record(username=username or "", ip=ip_address)
