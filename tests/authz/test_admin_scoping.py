"""The admin is a read path too: a staff user of HY meets JM's rows there as unknown ids, never as data.

Who reaches the admin at all: only ``is_staff`` users (no role sets it; it is given by hand). There, what
they see is what their role's permissions name (roles.py), and of that only their projects' rows.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.authz.scene import build_scene
from tests.pagetext import page_text
from tests.world import make_user
from yidang.accounts.roles import ROLE_PERMISSIONS, Role
from yidang.core.admin import ProjectScopedAdmin

# Admin models shared by all projects: configuration, accounts and security records. Any other
# registered model must be project-scoped (a new admin cannot slip in unscoped).
GLOBAL_ADMIN = {
    "auth.group": "roles: configuration",
    "accounts.user": "accounts: managed by whoever holds auth permissions (no role does)",
    "authtoken.tokenproxy": "API tokens: no role has a permission on them",
    "places.company": "the company above all projects",
    "archive.category": "configuration",
    "archive.documenttype": "configuration",
    "workdays.calendarday": "the holiday calendar",
    "service.ticketcategory": "configuration",
    "service.slapolicy": "configuration",
    "otp_totp.totpdevice": "second-factor devices: no role has a permission on them",
    "axes.accessattempt": "lockouts: no role has a permission on them",
    "axes.accesslog": "sign-ins: no role has a permission on them",
    "axes.accessfailurelog": "failed sign-ins: no role has a permission on them",
}

# What each role sees in the admin index when given is_staff: the models its permissions in roles.py name.
ADMIN_MODELS_OF_ROLE: dict[Role, set[str]] = {
    Role.ARCHIVIST: {
        "places.project",
        "places.building",
        "places.room",
        "people.person",
        "people.organization",
        "shelving.location",
        "service.ticket",
        "inspections.inspection",
        "inspections.chasetask",
        "transfers.transfersheet",  # read-only, the archivist's projects (transfers.view_transfersheet)
        "incidents.incidentreport",  # read-only, the archivist's projects (incidents.view_incidentreport)
    },
    Role.CS_ASSISTANT: {
        "places.project",
        "places.building",
        "places.room",
        "people.person",
        "people.organization",
        "shelving.location",
        "service.ticket",
    },
    Role.ENGINEERING: set(),
}


@pytest.fixture
def scene(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return build_scene(world)


def _label(model: Any) -> str:
    return str(model._meta.label_lower)


def _scoped_admins() -> list[tuple[Any, ProjectScopedAdmin]]:
    return [(m, a) for m, a in admin.site._registry.items() if isinstance(a, ProjectScopedAdmin)]


def _staff_seeing_everything(world) -> Any:
    """A HY staff user holding the view permission of every project-scoped admin model."""
    user = make_user("hy_staff", Role.ARCHIVIST, [world.hy])
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    for model, _ in _scoped_admins():
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label=model._meta.app_label, codename=f"view_{model._meta.model_name}"
            )
        )
    return user


def test_every_admin_model_is_project_scoped_or_declared_shared():
    unscoped = {_label(m) for m, a in admin.site._registry.items() if not isinstance(a, ProjectScopedAdmin)} - set(
        GLOBAL_ADMIN
    )
    assert not unscoped, f"admin models neither ProjectScopedAdmin nor in GLOBAL_ADMIN: {sorted(unscoped)}"


def test_a_hy_staff_user_sees_only_hy_rows_in_every_admin_list(client, scene):
    client.force_login(_staff_seeing_everything(scene.world))
    jm_markers = scene.sides["other"].markers
    checked = 0
    for model, model_admin in _scoped_admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        shown = response.context["cl"].queryset
        outside = shown.exclude(**{f"{model_admin.project_path}__in": [scene.world.hy.pk]})
        assert not outside.exists(), f"{url} lists rows of another project: {list(outside[:3])}"
        text = page_text(response)
        assert not [m for m in jm_markers if m in text], f"{url} shows JM data"
        checked += shown.exists()
    assert checked >= 12  # the scene gives most scoped models a HY row: the lists were not simply empty


def test_a_jm_row_is_an_unknown_id_on_its_change_history_and_delete_pages(client, scene):
    client.force_login(_staff_seeing_everything(scene.world))
    jm, hy = scene.sides["other"].project.pk, scene.sides["own"].project.pk
    checked = 0
    for model, model_admin in _scoped_admins():
        path = model_admin.project_path
        theirs = model._default_manager.filter(**{path: jm}).first()
        ours = model._default_manager.filter(**{path: hy}).first()
        if theirs is None or ours is None:
            continue
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{base}_change", args=[ours.pk])).status_code == 200, base
        for page in ("change", "history", "delete"):
            response = client.get(reverse(f"{base}_{page}", args=[theirs.pk]))
            # The admin's answer for an id it does not know: back to the index, "does not exist".
            assert response.status_code in (302, 403, 404), f"{base}_{page}"
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), f"{base}_{page}"
        checked += 1
    assert checked >= 12


def test_list_filters_and_drop_downs_offer_only_the_users_projects(client, scene):
    user = _staff_seeing_everything(scene.world)
    user.user_permissions.add(Permission.objects.get(codename="add_building"))
    client.force_login(user)

    rooms = page_text(client.get(reverse("admin:places_room_changelist")))
    add_building = page_text(client.get(reverse("admin:places_building_add")))

    assert "华苑小区" in rooms and "金茂大厦" not in rooms
    assert "华苑小区" in add_building and "金茂大厦" not in add_building


def test_a_superuser_sees_every_project(client, scene, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="root-pass-123"))
    response = client.get(reverse("admin:places_room_changelist"))
    codes = {room.code for room in response.context["cl"].queryset}
    assert {scene.world.rooms["hy1503"].code, scene.world.rooms["jm1503"].code} <= codes


def test_a_staff_user_of_no_project_sees_no_rows(client, scene):
    user = _staff_seeing_everything(scene.world)
    user.projects.clear()
    client.force_login(user)
    for model, _ in _scoped_admins():
        response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        assert not response.context["cl"].queryset.exists(), model


@pytest.mark.parametrize("role", list(Role))
def test_no_role_reaches_the_admin_without_is_staff(client, world, role):
    client.force_login(make_user(f"u_{role.name.lower()}", role, [world.hy]))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", list(ADMIN_MODELS_OF_ROLE))
def test_a_role_made_staff_sees_in_the_admin_the_models_its_permissions_name(client, world, role):
    user = make_user(f"staff_{role.name.lower()}", role, [world.hy])
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    shown = {
        f"{app['app_label']}.{m['object_name'].lower()}" for app in response.context["app_list"] for m in app["models"]
    }
    assert shown == ADMIN_MODELS_OF_ROLE[role], f"roles.py gives {role} {sorted(ROLE_PERMISSIONS[role])}"
    assert not shown - {_label(m) for m, _ in _scoped_admins()}, "a role sees an unscoped admin model"
