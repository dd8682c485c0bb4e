"""/api/v1/access-requests/: list, file, approve, reject, cancel — through the same actions and rules as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from yidang.access.models import AccessRequest, RequestStatus
from yidang.access.tests.conftest import staff_request, window

URL = "/api/v1/access-requests/"


@pytest.fixture
def api():
    return APIClient()


def _new(**fields):
    w = window()
    body = {"kind": "staff", "project": "HY", "codes": ["A2-15-1503"], "purpose": "核对管线改造图纸"}
    return body | {"window_start": w["window_start"].isoformat(), "window_end": w["window_end"].isoformat()} | fields


def test_the_engineer_files_and_the_supervisor_approves(api, world, hy1503):
    api.force_authenticate(world.engineer)
    created = api.post(URL, _new(), format="json")
    api.force_authenticate(world.supervisor)
    waiting = api.get(URL, {"scope": "approvals"})
    approved = api.post(f"{URL}{created.data['id']}/approve/", {"note": "同意"}, format="json")

    assert created.status_code == 201, created.data
    assert created.data["archives"] == ["HY-A2-15-1503"] and created.data["status"] == "pending"
    assert [r["id"] for r in waiting.data["results"]] == [created.data["id"]]
    assert approved.status_code == 200 and approved.data["status"] == "approved"
    assert approved.data["decided_by"] == "supervisor"


def test_an_unknown_code_is_a_400_naming_it(api, world, hy1503):
    api.force_authenticate(world.engineer)

    response = api.post(URL, _new(codes=["A2-15-1503", "Q9-1-101"]), format="json")

    assert response.status_code == 400 and "Q9-1-101" in response.data["detail"] and response.data["field"] == "codes"
    assert not AccessRequest.objects.exists()


def test_refusals_of_right_are_403_and_change_nothing(api, world, hy1503):
    request = staff_request(world)

    api.force_authenticate(world.assistant)
    assert api.post(f"{URL}{request.pk}/approve/", {}, format="json").status_code == 403
    api.force_authenticate(world.engineer)
    assert api.post(f"{URL}{request.pk}/approve/", {}, format="json").status_code == 403
    assert api.post(URL, _new(project="JM", codes=["T1-15-1503"]), format="json").status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_another_projects_staff_get_404(api, world, hy1503):
    request = staff_request(world)
    api.force_authenticate(world.jm_assistant)

    assert api.get(f"{URL}{request.pk}/").status_code == 404
    assert api.post(f"{URL}{request.pk}/reject/", {"note": "x"}, format="json").status_code == 404
    assert api.get(URL).data["results"] == []


def test_reject_needs_a_reason_and_cancel_is_the_requesters(api, world, hy1503):
    first, second = staff_request(world), staff_request(world)
    api.force_authenticate(world.supervisor)
    no_reason = api.post(f"{URL}{first.pk}/reject/", {"note": ""}, format="json")
    rejected = api.post(f"{URL}{first.pk}/reject/", {"note": "目的不明确"}, format="json")
    api.force_authenticate(world.engineer)
    cancelled = api.post(f"{URL}{second.pk}/cancel/")

    assert no_reason.status_code == 400 and no_reason.data["field"] == "note"
    assert rejected.data["status"] == "rejected" and rejected.data["decision_note"] == "目的不明确"
    assert cancelled.status_code == 200 and cancelled.data["status"] == "cancelled"


def test_anonymous_callers_are_refused(api, world):
    assert api.get(URL).status_code in (401, 403)
