"""Loss and damage API: the same steps as the pages, scoped the same way, refusals as 400."""

from __future__ import annotations

from yidang.households.tests.helpers import api_client
from yidang.incidents.models import IncidentReport


def test_a_theft_is_reported_handled_and_closed_through_the_api(world, folder):
    archive, docs = folder
    body = {"archive": archive.pk, "kind": "missing", "documents": [docs[2].pk], "note": "柜锁被撬", "cause": "theft"}
    response = api_client(world.archivist).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    client = api_client(world.manager)
    response = client.post(f"/api/v1/incidents/{pk}/close/", {"note": "结案"}, format="json")
    assert response.status_code == 400 and "结案前须登记处理措施" in response.json()["detail"]
    police = {"kind": "police", "note": "已报案", "police_report_no": "2026-1204-01"}
    assert client.post(f"/api/v1/incidents/{pk}/step/", police, format="json").status_code == 200
    response = client.post(f"/api/v1/incidents/{pk}/close/", {"note": "结案"}, format="json")
    assert response.status_code == 400 and "被盗须报警" in response.json()["detail"]
    assert (
        client.post(
            f"/api/v1/incidents/{pk}/step/", {"kind": "management", "note": "已报总经理"}, format="json"
        ).status_code
        == 200
    )
    response = client.post(f"/api/v1/incidents/{pk}/close/", {"note": "已报警、上报"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert [s["kind"] for s in response.json()["steps"]] == ["police", "management", "close"]


def test_another_projects_report_is_a_404(world, folder):
    archive, docs = folder
    body = {"archive": archive.pk, "kind": "damaged", "documents": [docs[0].pk], "note": "破损"}
    pk = api_client(world.archivist).post("/api/v1/incidents/", body, format="json").json()["id"]
    assert api_client(world.jm_assistant).get(f"/api/v1/incidents/{pk}/").status_code == 404
    assert api_client(world.jm_assistant).post("/api/v1/incidents/", body, format="json").status_code == 404
    assert IncidentReport.objects.count() == 1
