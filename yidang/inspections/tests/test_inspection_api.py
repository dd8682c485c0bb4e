"""The API: inspections and chase tasks scoped like the pages; closing a task through the same action."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.inspections.actions import inspection_record_submit
from yidang.inspections.models import ChaseTask, FindingKind
from yidang.inspections.tests.helpers import checks_for, sample_record


@pytest.fixture
def task(world) -> ChaseTask:
    record = sample_record(world)
    inspection_record_submit(
        record=record,
        checks=checks_for(record, {"owners_covenant": (FindingKind.MISSING, "")}),
        owner=world.assistant,
        actor=world.supervisor,
    )
    return ChaseTask.objects.get()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_owner_lists_and_closes_a_task(world, task):
    api = _api(world.assistant)
    listed = api.get("/api/v1/chase-tasks/?status=open").json()
    assert [t["id"] for t in listed["results"]] == [task.pk]
    assert api.get("/api/v1/chase-tasks/?status=closed").json()["results"] == []
    refused = api.post(f"/api/v1/chase-tasks/{task.pk}/close/", {"resolution": " "}, format="json")
    assert refused.status_code == 400
    closed = api.post(f"/api/v1/chase-tasks/{task.pk}/close/", {"resolution": "已补签"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_a_manager_sees_but_cannot_close(world, task):
    api = _api(world.manager)
    assert api.get(f"/api/v1/chase-tasks/{task.pk}/").status_code == 200
    assert api.post(f"/api/v1/chase-tasks/{task.pk}/close/", {"resolution": "已补"}, format="json").status_code == 403
    task.refresh_from_db()
    assert task.status == "open"


def test_another_projects_staff_get_404(world, task):
    jm = make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm])
    api = _api(jm)
    assert api.get(f"/api/v1/chase-tasks/{task.pk}/").status_code == 404
    assert api.get(f"/api/v1/inspections/{task.finding.record.inspection_id}/").status_code == 404
    mine = _api(world.supervisor).get(f"/api/v1/inspections/{task.finding.record.inspection_id}/").json()
    assert mine["kind"] == "sample" and mine["seed"] == "1" and mine["checked"] == 1
