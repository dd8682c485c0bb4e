"""Storage API: places listed and created within one's projects, folders moved, location history read."""

from __future__ import annotations

from yidang.households.tests.helpers import api_client
from yidang.shelving.actions import folder_move
from yidang.shelving.models import FolderMove, Location


def test_places_are_listed_in_tree_order_with_their_folder_counts(world, storage, hy1503):
    folder_move(archive=hy1503, to_location=storage.box2, actor=world.archivist)
    body = api_client(world.assistant).get("/api/v1/locations/").json()
    codes = [row["code"] for row in body["results"]]
    assert codes == ["HY-R01", "HY-R01-C01", "HY-R01-C01-S01", "HY-R01-C01-S01-B001", "HY-R01-C01-S01-B002"]
    assert body["results"][4]["folder_count"] == 1 and body["results"][4]["project"] == "HY"


def test_a_place_is_found_by_its_code(world, storage):
    body = api_client(world.assistant).get("/api/v1/locations/", {"code": "hy-r01-c01-s01-b002"}).json()
    assert [row["id"] for row in body["results"]] == [storage.box2.pk]


def test_the_archivist_creates_a_box_with_the_suggested_code(world, storage):
    response = api_client(world.archivist).post(
        "/api/v1/locations/", {"project": "HY", "kind": "box", "parent": storage.shelf.pk, "year": 2025}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == "HY-R01-C01-S01-B003" and response.json()["year"] == 2025


def test_a_box_in_a_cabinet_is_a_400_with_the_reason_in_chinese(world, storage):
    response = api_client(world.archivist).post(
        "/api/v1/locations/", {"project": "HY", "kind": "box", "parent": storage.cabinet.pk}, format="json"
    )
    assert response.status_code == 400 and response.json()["detail"] == "档案盒须放在层架/抽屉之下"


def test_places_of_another_project_are_neither_listed_nor_usable(world, storage):
    client = api_client(world.archivist)
    assert client.get(f"/api/v1/locations/{storage.jm_box.pk}/").status_code == 404
    response = client.post("/api/v1/locations/", {"project": "JM", "kind": "room"}, format="json")
    assert response.status_code == 400 and not Location.objects.filter(project=world.jm, code="JM-R02").exists()
    response = client.post(
        "/api/v1/locations/", {"project": "HY", "kind": "box", "parent": storage.jm_box.parent_id}, format="json"
    )
    assert response.status_code == 400


def test_the_archivist_renames_a_box_and_an_assistant_may_not(world, storage):
    url = f"/api/v1/locations/{storage.box1.pk}/"
    assert api_client(world.assistant).patch(url, {"name": "甲"}, format="json").status_code == 403
    response = api_client(world.archivist).patch(url, {"name": "2026年入伙资料"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "2026年入伙资料"


def test_moving_a_folder_by_code_and_reading_its_history(world, storage, hy1503):
    client = api_client(world.archivist)
    response = client.post(
        "/api/v1/folder-moves/", {"archive": hy1503.pk, "to_code": storage.box1.code, "reason": "上架"}, format="json"
    )
    assert response.status_code == 201, response.json()
    client.post("/api/v1/folder-moves/", {"archive": hy1503.pk, "to_location": storage.box2.pk}, format="json")
    history = api_client(world.supervisor).get("/api/v1/folder-moves/", {"archive": hy1503.pk}).json()["results"]
    assert [(m["from_location"], m["to_location"]) for m in history] == [
        (storage.box1.code, storage.box2.code),
        (None, storage.box1.code),
    ]
    assert history[1]["reason"] == "上架" and history[1]["moved_by"] == "archivist"


def test_moving_into_another_projects_box_or_by_an_assistant_changes_nothing(world, storage, hy1503, jm1503):
    archivist = api_client(world.archivist)
    response = archivist.post(
        "/api/v1/folder-moves/", {"archive": hy1503.pk, "to_location": storage.jm_box.pk}, format="json"
    )
    assert response.status_code == 400
    assert (
        archivist.post(
            "/api/v1/folder-moves/", {"archive": jm1503.pk, "to_location": storage.box1.pk}, format="json"
        ).status_code
        == 404
    )
    response = api_client(world.assistant).post(
        "/api/v1/folder-moves/", {"archive": hy1503.pk, "to_location": storage.box1.pk}, format="json"
    )
    assert response.status_code == 403
    assert not FolderMove.objects.exists()


def test_another_projects_history_is_not_found(world, storage, jm1503):
    folder_move(archive=jm1503, to_location=storage.jm_box, actor=world.jm_assistant)
    assert api_client(world.assistant).get("/api/v1/folder-moves/", {"archive": jm1503.pk}).status_code == 404
    assert api_client(world.assistant).get("/api/v1/folder-moves/").json()["count"] == 0
    assert api_client(world.engineer).get("/api/v1/locations/").status_code == 403
