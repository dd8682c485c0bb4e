"""/api/v1/stocktakes/: a count from a handheld scanner — start an area, scan a place then folders, close —
through the same actions as the pages; another project's count is a 404, a refusal a 400 in Chinese."""

from __future__ import annotations

from yidang.households.tests.helpers import api_client
from yidang.stocktake.models import Stocktake
from yidang.stocktake.tests.area import build_area, lend

BASE = "/api/v1/stocktakes/"


def test_an_archivist_counts_an_area_by_scanning_and_closes_it(world):
    area = build_area(world)
    f = area.folders
    lend(world, f[9])
    client = api_client(world.archivist)

    started = client.post(BASE, {"area": area.room.code}, format="json")
    assert started.status_code == 201, started.data
    take = started.data
    assert (take["expected"], take["counts"]["missing"], take["counts"]["on_loan"]) == (10, 9, 1)
    scan = f"{BASE}{take['id']}/scan/"

    at_box = client.post(scan, {"code": area.box1.code}, format="json").data
    assert (at_box["kind"], at_box["place"]) == ("place", area.box1.code)
    for folder in f[:5]:
        answer = client.post(scan, {"code": folder.number, "place": at_box["place"]}, format="json").data
        assert (answer["kind"], answer["outcome"]) == ("folder", "in_place")
    wrong_box = client.post(scan, {"code": f[5].number, "place": area.box1.code}, format="json").data
    assert wrong_box["outcome"] == "misplaced" and "错位" in wrong_box["message"]
    unknown = client.post(scan, {"code": "NOT-A-LABEL"}, format="json").data
    assert unknown["kind"] == "unknown" and unknown["stocktake"]["counts"]["unknown"] == 1

    closed = client.post(f"{BASE}{take['id']}/close/", {"note": "年终清点"}, format="json")
    assert closed.status_code == 200 and closed.data["status"] == "closed"
    assert closed.data["counts"] == {"in_place": 5, "misplaced": 1, "missing": 3, "unknown": 1, "on_loan": 1}
    assert client.get(BASE).data["results"][0]["counts"] == closed.data["counts"]


def test_a_place_outside_the_counted_area_is_not_echoed_as_the_current_place(world):
    area = build_area(world)
    client = api_client(world.archivist)
    take = client.post(BASE, {"area": area.box1.code}, format="json").data
    answer = client.post(
        f"{BASE}{take['id']}/scan/", {"code": area.folders[0].number, "place": area.box2.code}, format="json"
    ).data
    assert (answer["kind"], answer["place"]) == ("folder", None)


def test_a_closed_count_refuses_a_scan_with_the_reason_in_chinese(world):
    area = build_area(world)
    client = api_client(world.archivist)
    take = client.post(BASE, {"area": area.box1.code}, format="json").data
    client.post(f"{BASE}{take['id']}/close/", {}, format="json")
    refused = client.post(f"{BASE}{take['id']}/scan/", {"code": area.folders[0].number}, format="json")
    assert refused.status_code == 400 and refused.data["detail"] == "本次清点已完成，不能再修改"


def test_a_second_open_count_of_an_area_and_an_unknown_area_are_refused(world):
    area = build_area(world)
    client = api_client(world.archivist)
    client.post(BASE, {"area": area.box1.code}, format="json")
    again = client.post(BASE, {"area": area.box1.code}, format="json")
    assert again.status_code == 400 and "已有进行中的清点" in again.data["detail"]
    nowhere = client.post(BASE, {"area": "HY-R99"}, format="json")
    assert nowhere.status_code == 400 and nowhere.data["field"] == "area"
    assert Stocktake.objects.count() == 1


def test_another_projects_count_is_404_and_never_listed(world):
    area = build_area(world)
    take = api_client(world.archivist).post(BASE, {"area": area.box1.code}, format="json").data
    other = api_client(world.jm_assistant)
    assert other.get(f"{BASE}{take['id']}/").status_code == 404
    assert other.post(f"{BASE}{take['id']}/scan/", {"code": area.folders[0].number}, format="json").status_code == 404
    assert other.get(BASE).data["results"] == []


def test_the_cs_manager_reads_a_count_but_may_not_scan_in_it(world):
    area = build_area(world)
    take = api_client(world.archivist).post(BASE, {"area": area.box1.code}, format="json").data
    manager = api_client(world.manager)
    assert manager.get(f"{BASE}{take['id']}/").data["counts"]["missing"] == 5
    refused = manager.post(f"{BASE}{take['id']}/scan/", {"code": area.folders[0].number}, format="json")
    assert refused.status_code == 403 and refused.data["detail"] == "只有本项目的档案管理员可以清点"
