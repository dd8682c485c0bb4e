"""Holds API: place and release through the same actions as the pages; another project's holds are 404."""

from __future__ import annotations

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.audit.models import AuditEvent
from yidang.households.tests.helpers import api_client
from yidang.retention.models import Hold
from yidang.retention.tests.flow import swept


def test_a_document_is_held_and_released_through_the_api(world, papers):
    api = api_client(world.archivist)
    response = api.post(
        "/api/v1/retention/holds/",
        {"archive": papers.archive.pk, "document": papers.notice.pk, "reason": "业主诉讼（2026）民初123号"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["active"] and body["item_no"] == papers.notice.item_no and body["placed_by"] == "archivist"
    assert AuditEvent.objects.filter(action="retention.hold").count() == 1

    assert [i.document_id for i in swept().items.all()] == [papers.worker_register.pk]  # the held paper is not swept

    response = api.post(f"/api/v1/retention/holds/{body['id']}/release/", {"reason": "诉讼已结案"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["active"] is False and response.json()["release_reason"] == "诉讼已结案"
    assert api.get("/api/v1/retention/holds/?active=true").json()["count"] == 0
    assert api.get("/api/v1/retention/holds/?active=false").json()["count"] == 1


def test_a_whole_file_is_held_when_no_document_is_given(world, papers):
    response = api_client(world.manager).post(
        "/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "产权纠纷"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["document"] is None and response.json()["item_no"] is None


def test_a_refused_hold_is_a_400_with_the_reason_and_writes_nothing(world, papers):
    api = api_client(world.archivist)
    response = api.post("/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "  "}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == "请填写冻结理由（如诉讼、纠纷的案由）"
    response = api.post(
        "/api/v1/retention/holds/",
        {"archive": papers.archive.pk, "document": papers.notice.pk + 999, "reason": "纠纷"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "document"
    # The supervisor reads retention but may not freeze or release (as on the holds page: 403).
    supervisor = api_client(world.supervisor)
    response = supervisor.post("/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "纠纷"})
    assert response.status_code == 403 and response.json()["detail"] == "您没有冻结档案的权限"
    hold = api.post("/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "纠纷"}).json()
    response = supervisor.post(f"/api/v1/retention/holds/{hold['id']}/release/", {"reason": "和解"})
    assert response.status_code == 403 and Hold.objects.get(pk=hold["id"]).active
    assert Hold.objects.count() == 1  # only the archivist's


def test_releasing_needs_a_reason_and_a_released_hold_stays_released(world, papers):
    api = api_client(world.archivist)
    pk = api.post("/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "纠纷"}, format="json").json()[
        "id"
    ]
    assert api.post(f"/api/v1/retention/holds/{pk}/release/", {}, format="json").status_code == 400
    assert Hold.objects.get(pk=pk).active
    assert api.post(f"/api/v1/retention/holds/{pk}/release/", {"reason": "和解"}, format="json").status_code == 200
    again = api.post(f"/api/v1/retention/holds/{pk}/release/", {"reason": "再次"}, format="json")
    assert again.status_code == 400 and "已于" in again.json()["detail"]
    assert Hold.objects.get(pk=pk).release_reason == "和解"


def test_another_projects_holds_and_files_answer_404(world, papers):
    hold = api_client(world.archivist).post(
        "/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "纠纷"}, format="json"
    )
    pk = hold.json()["id"]
    jm = api_client(make_user("jm_archivist", Role.ARCHIVIST, [world.jm]))
    assert jm.get(f"/api/v1/retention/holds/{pk}/").status_code == 404
    assert jm.post(f"/api/v1/retention/holds/{pk}/release/", {"reason": "x"}, format="json").status_code == 404
    assert jm.get("/api/v1/retention/holds/").json()["count"] == 0
    response = jm.post("/api/v1/retention/holds/", {"archive": papers.archive.pk, "reason": "x"}, format="json")
    assert response.status_code == 404
    assert Hold.objects.count() == 1 and Hold.objects.get().active


def test_who_may_not_read_retention_gets_403(world, papers):
    assert api_client(world.assistant).get("/api/v1/retention/holds/").status_code == 403
    assert api_client(world.engineer).get("/api/v1/retention/appraisals/").status_code == 403
    assert api_client(world.assistant).get("/api/v1/retention/destruction-lists/").status_code == 403
