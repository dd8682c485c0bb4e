"""Destruction-list API: the GM approves or rejects, the archivist carries it out with method, witness, time."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.archive.models import Document, Scan
from yidang.households.tests.helpers import api_client
from yidang.retention.models import DestructionList, DocumentGhost, ListStatus
from yidang.retention.tests.flow import approved, submitted


def _url(dlist: DestructionList, step: str = "") -> str:
    return f"/api/v1/retention/destruction-lists/{dlist.pk}/" + (f"{step}/" if step else "")


def test_a_list_is_approved_and_carried_out_through_the_api(world, papers):
    dlist = submitted(world)
    gm = api_client(world.gm)
    listed = gm.get("/api/v1/retention/destruction-lists/?status=pending").json()
    assert listed["count"] == 1 and listed["results"][0]["number"] == dlist.number
    detail = gm.get(_url(dlist)).json()
    assert {i["document"] for i in detail["items"]} == {papers.notice.pk, papers.worker_register.pk}

    response = gm.post(_url(dlist, "approve"), {"note": "同意"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved" and response.json()["decided_by"] == "gm"

    at = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    response = api_client(world.archivist).post(
        _url(dlist, "execute"),
        {"method": "burn", "witness": world.supervisor.pk, "destroyed_at": at.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "destroyed" and body["method"] == "burn" and body["witness"] == "supervisor"
    assert body["destroyed_count"] == 2 and body["record_keep_until"]
    assert DocumentGhost.objects.filter(destruction_list=dlist).count() == 2
    assert not Scan.objects.filter(document=papers.notice).exists()
    assert Document.objects.get(pk=papers.notice.pk).destroyed_at == at


def test_the_gm_rejects_with_a_reason(world, papers):
    dlist = submitted(world)
    gm = api_client(world.gm)
    no_reason = gm.post(_url(dlist, "reject"), {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["detail"] == "驳回须填写审批意见"
    response = gm.post(_url(dlist, "reject"), {"note": "仍在维修保修期内"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert response.json()["decision_note"] == "仍在维修保修期内"


def test_refused_steps_are_400s_or_for_the_role_403s_and_change_nothing(world, papers):
    dlist = submitted(world)
    archivist = api_client(world.archivist)
    approve = archivist.post(_url(dlist, "approve"), {}, format="json")
    assert approve.status_code == 403 and approve.json()["detail"] == "销毁清单须由总经理审批"
    early = archivist.post(
        _url(dlist, "execute"),
        {"method": "shred", "witness": world.supervisor.pk, "destroyed_at": timezone.now().isoformat()},
        format="json",
    )
    assert early.status_code == 400 and "须经总经理批准" in early.json()["detail"]
    assert DestructionList.objects.get(pk=dlist.pk).status == ListStatus.PENDING

    assert api_client(world.gm).post(_url(dlist, "approve"), {}, format="json").status_code == 200
    for body, field in [
        ({"method": "shred", "witness": world.archivist.pk}, "witness"),  # oneself
        ({"method": "shred", "witness": world.manager.pk}, "witness"),  # not a supervisor
        ({"method": "shred", "witness": 987654}, "witness"),  # nobody
    ]:
        response = archivist.post(
            _url(dlist, "execute"), {**body, "destroyed_at": timezone.now().isoformat()}, format="json"
        )
        assert response.status_code == 400 and response.json()["field"] == field, response.json()
    future = archivist.post(
        _url(dlist, "execute"),
        {
            "method": "shred",
            "witness": world.supervisor.pk,
            "destroyed_at": (timezone.now() + timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert future.status_code == 400 and future.json()["field"] == "destroyed_at"
    bad_method = archivist.post(
        _url(dlist, "execute"),
        {"method": "bury", "witness": world.supervisor.pk, "destroyed_at": timezone.now().isoformat()},
        format="json",
    )
    assert bad_method.status_code == 400 and "method" in bad_method.json()
    assert DestructionList.objects.get(pk=dlist.pk).status == ListStatus.APPROVED
    assert not DocumentGhost.objects.exists() and Scan.objects.filter(document=papers.notice).count() == 2


def test_another_projects_lists_answer_404(world, papers):
    dlist = approved(world)
    jm_gm = api_client(make_user("jm_gm", Role.GENERAL_MANAGER, [world.jm]))
    jm_archivist = api_client(make_user("jm_archivist", Role.ARCHIVIST, [world.jm]))
    assert jm_gm.get(_url(dlist)).status_code == 404
    assert jm_gm.post(_url(dlist, "reject"), {"note": "x"}, format="json").status_code == 404
    response = jm_archivist.post(
        _url(dlist, "execute"),
        {"method": "shred", "witness": world.supervisor.pk, "destroyed_at": timezone.now().isoformat()},
        format="json",
    )
    assert response.status_code == 404
    assert jm_gm.get("/api/v1/retention/destruction-lists/").json()["count"] == 0
    assert DestructionList.objects.get(pk=dlist.pk).status == ListStatus.APPROVED and not DocumentGhost.objects.exists()
