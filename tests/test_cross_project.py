"""Cross-project scoping: a HY user meets JM households only as 404s, never as data, and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pagetext import page_text
from tests.world import PASSWORD
from yidang.households.actions import vehicle_add
from yidang.households.tests.helpers import api_client, api_writes, household_state, page_writes


@pytest.fixture
def jm_room(world):
    """JM's household, with a vehicle so that every write endpoint has something to act on."""
    room = world.rooms["jm1503"]
    vehicle_add(room=room, plate="沪C88888", actor=world.jm_assistant)
    return room


def assert_no_jm_data(response):
    body = page_text(response)
    for secret in ("T1-15-1503", "张伟", "9999", "沪C88888", "金茂"):
        assert secret not in body, f"{secret} leaked in a {response.status_code} answer"


# ---- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["household", "building map", "project"])
def test_a_hy_user_gets_404_for_jm_pages(client, world, jm_room, page):
    client.login(username="archivist", password=PASSWORD)
    url = {
        "household": reverse("households:detail", args=[jm_room.pk]),
        "building map": reverse("places:building", args=[jm_room.building_id]),
        "project": reverse("places:project", args=["JM"]),
    }[page]

    response = client.get(url)

    assert response.status_code == 404
    assert_no_jm_data(response)


def test_a_hy_user_gets_404_on_every_jm_write_page_and_nothing_changes(client, world, jm_room):
    client.login(username="archivist", password=PASSWORD)
    before = household_state(jm_room)

    for request in page_writes(jm_room):
        response = request.send(client)
        assert response.status_code == 404, request.name
        assert_no_jm_data(response)

    assert household_state(jm_room) == before


def test_the_search_page_never_lists_jm_households(client, world, jm_room):
    client.login(username="archivist", password=PASSWORD)
    for query in ("张伟", "T1-15-1503", "9999", "沪C88888"):
        response = client.get(reverse("households:search"), {"q": query})
        assert response.status_code == 200
        assert "T1-15-1503" not in [room.code for room in response.context["rooms"]], query
        assert "金茂" not in response.content.decode(), query


def test_the_project_list_page_shows_only_the_users_projects(client, world):
    client.login(username="archivist", password=PASSWORD)
    body = client.get(reverse("places:projects")).content.decode()
    assert "华苑小区" in body
    assert "金茂大厦" not in body


# ---- API ------------------------------------------------------------------------------------


def test_a_hy_user_gets_404_for_a_jm_household_in_the_api(world, jm_room):
    response = api_client(world.archivist).get(f"/api/v1/households/{jm_room.pk}/")
    assert response.status_code == 404
    assert_no_jm_data(response)


@pytest.mark.parametrize("index", range(7))
def test_a_hy_user_gets_404_on_every_jm_write_endpoint_and_nothing_changes(world, jm_room, index):
    request = api_writes(jm_room)[index]
    before = household_state(jm_room)

    response = request.send(api_client(world.archivist))

    assert response.status_code == 404, request.name
    assert_no_jm_data(response)
    assert household_state(jm_room) == before


@pytest.mark.parametrize(
    "path",
    ["/api/v1/projects/{project}/", "/api/v1/buildings/{building}/", "/api/v1/buildings/{building}/rooms/"],
)
def test_a_hy_user_gets_404_for_jm_places_in_the_api(world, jm_room, path):
    url = path.format(project=world.jm.pk, building=jm_room.building_id)
    response = api_client(world.archivist).get(url)
    assert response.status_code == 404
    assert_no_jm_data(response)


def test_the_api_household_list_never_returns_jm_households(world, jm_room):
    client = api_client(world.archivist)
    listed = client.get("/api/v1/households/").json()
    by_building = client.get("/api/v1/households/", {"building": jm_room.building_id}).json()

    assert jm_room.pk not in [row["id"] for row in listed["results"]]
    assert listed["count"] == 3
    assert by_building["count"] == 0


@pytest.mark.parametrize("query", ["张伟", "zw", "1503", "9999", "沪C88888", "T1"])
def test_the_api_search_never_returns_jm_households(world, jm_room, query):
    found = api_client(world.archivist).get("/api/v1/households/", {"search": query}).json()
    assert "T1-15-1503" not in [row["code"] for row in found["results"]]


def test_the_api_lists_only_the_users_projects_and_their_buildings(world, jm_room):
    client = api_client(world.archivist)
    projects = client.get("/api/v1/projects/").json()
    buildings = client.get("/api/v1/buildings/").json()
    jm_buildings = client.get("/api/v1/buildings/", {"project": world.jm.pk}).json()

    assert [p["code"] for p in projects["results"]] == ["HY"]
    assert {b["code"] for b in buildings["results"]} == {"A2", "B1"}
    assert jm_buildings["count"] == 0


def test_the_jm_user_still_sees_their_own_household(world, jm_room):
    response = api_client(world.jm_assistant).get(f"/api/v1/households/{jm_room.pk}/")
    assert response.status_code == 200
    assert response.json()["code"] == "T1-15-1503"
