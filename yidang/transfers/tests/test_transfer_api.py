"""Transfers API: the same steps as the pages, scoped the same way, refusals as 400 with the reason."""

from __future__ import annotations

from yidang.households.tests.helpers import api_client
from yidang.transfers.actions import custody_of
from yidang.transfers.models import TransferSheet


def test_a_sheet_is_sent_and_acknowledged_through_the_api(world, files):
    body = {
        "project": "HY",
        "items": f"{files.a1503.number}#2",
        "receiver": world.archivist.pk,
        "route": "to_archivist",
    }
    response = api_client(world.assistant).post("/api/v1/transfers/", body, format="json")
    assert response.status_code == 201, response.json()
    sheet = response.json()
    assert sheet["status"] == "sent" and sheet["items"][0]["item_no"] == 2

    waiting = api_client(world.archivist).get("/api/v1/transfers/?waiting=1").json()
    rows = waiting["results"] if isinstance(waiting, dict) else waiting
    assert [s["id"] for s in rows] == [sheet["id"]]
    assert api_client(world.supervisor).get("/api/v1/transfers/?waiting=1").json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )
    item = sheet["items"][0]["id"]
    response = api_client(world.archivist).post(
        f"/api/v1/transfers/{sheet['id']}/acknowledge/", {"received": [item]}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "received"
    assert custody_of(files.a1503, files.docs[1]).holder == world.archivist  # type: ignore[union-attr]


def test_a_step_refused_for_who_asks_is_a_403_for_the_input_a_400_and_another_projects_sheet_a_404(world, files):
    body = {"project": "HY", "items": files.a1503.number, "receiver": world.archivist.pk}
    sheet = api_client(world.assistant).post("/api/v1/transfers/", body, format="json").json()
    response = api_client(world.supervisor).post(
        f"/api/v1/transfers/{sheet['id']}/refuse/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 403 and response.json()["detail"] == "只有接收人本人可以拒收该移交单"
    response = api_client(world.archivist).post(
        f"/api/v1/transfers/{sheet['id']}/refuse/", {"reason": " "}, format="json"
    )
    assert response.status_code == 400
    assert api_client(world.jm_assistant).get(f"/api/v1/transfers/{sheet['id']}/").status_code == 404
    assert TransferSheet.objects.get().status == "sent"


def test_an_unknown_project_or_folder_is_a_400(world, files):
    client = api_client(world.assistant)
    response = client.post(
        "/api/v1/transfers/", {"project": "JM", "items": "x", "receiver": world.archivist.pk}, format="json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "在您的项目中没有找到该项目"
    response = client.post(
        "/api/v1/transfers/", {"project": "HY", "items": files.jm.number, "receiver": world.archivist.pk}, format="json"
    )
    assert response.status_code == 400 and "没有找到档案" in response.json()["detail"]
    assert not TransferSheet.objects.exists()
