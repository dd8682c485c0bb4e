"""The retention admin shows holds, appraisals, lists and ghosts of one's projects, and changes nothing."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.archive.models import Archive
from yidang.retention.models import Appraisal, DestructionList, DocumentGhost, Hold
from yidang.retention.tests.flow import destroyed

MODELS = [Hold, Appraisal, DestructionList, DocumentGhost]


@pytest.fixture
def staff(world):
    user = make_user("hy_staff", Role.ARCHIVIST, [world.hy])
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    for model in MODELS:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="retention", codename=f"view_{model._meta.model_name}")
        )
    return user


@pytest.fixture
def jm_hold(world):
    archive = Archive.objects.get(room=world.rooms["jm1503"])
    return Hold.objects.create(
        project=world.jm, archive=archive, reason="金茂纠纷", placed_by=world.jm_assistant, placed_at=timezone.now()
    )


def test_staff_see_their_projects_rows_only(client, world, papers, staff, jm_hold):
    destroyed(world)
    Hold.objects.create(
        project=world.hy, archive=papers.archive, reason="华苑纠纷", placed_by=world.archivist, placed_at=timezone.now()
    )
    client.force_login(staff)
    for model in MODELS:
        response = client.get(reverse(f"admin:retention_{model._meta.model_name}_changelist"))
        assert response.status_code == 200, model
        shown = response.context["cl"].queryset
        assert shown.exists() and not shown.exclude(project=world.hy).exists(), model
    holds = client.get(reverse("admin:retention_hold_changelist")).content.decode()
    assert "华苑纠纷" in holds and "金茂纠纷" not in holds
    response = client.get(reverse("admin:retention_hold_change", args=[jm_hold.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_nothing_is_added_changed_or_deleted_in_the_admin(client, world, papers, staff):
    dlist = destroyed(world)
    for model in MODELS:
        staff.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="retention",
                codename__in=[f"{p}_{model._meta.model_name}" for p in ("add", "change", "delete")],
            )
        )
    client.force_login(staff)
    request = RequestFactory().get("/admin/")
    request.user = staff
    for model in MODELS:
        model_admin = admin.site._registry[model]
        obj = model._default_manager.filter(project=world.hy).first()
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)
    name = dlist._meta.model_name
    response = client.post(reverse(f"admin:retention_{name}_delete", args=[dlist.pk]), {"post": "yes"})
    assert response.status_code == 403
    response = client.post(reverse(f"admin:retention_{name}_change", args=[dlist.pk]), {"number": "XH-改"})
    assert response.status_code == 403
    assert DestructionList.objects.get(pk=dlist.pk).number == dlist.number
