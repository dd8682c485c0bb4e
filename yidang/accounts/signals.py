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
