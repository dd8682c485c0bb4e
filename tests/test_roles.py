"""Roles: rights follow duty — engineering sees no owner data, the GM reads but does not write,
VIP profiles stay with customer service, and a user without projects sees nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pagetext import page_text
from tests.world import PASSWORD, make_user
from yidang.accounts.roles import Role
from yidang.households.actions import vip_profile_save
from yidang.households.tests.helpers import api_client, api_writes, household_state, page_writes


def assert_no_household_data(response):
    body = page_text(response)
    for secret in ("A2-15-1503", "张伟", "002X", "5678", "京A12345"):
        assert secret not in body, f"{secret} leaked in a {response.status_code} answer"


# ---- engineering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/households/", "/households/?q=张伟", "/api/v1/households/", "/api/v1/households/?search=张伟"]
)
def test_an_engineer_is_refused_the_household_search_and_list(client, world, url):
    client.login(username="engineer", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 403
    assert_no_household_data(response)


def test_an_engineer_is_refused_the_household_list_with_a_token_too(world):
    response = api_client(world.engineer).get("/api/v1/households/", {"search": "zw"})
    assert response.status_code == 403
    assert_no_household_data(response)


@pytest.mark.parametrize("where", ["page", "api"])
def test_an_engineer_opening_a_household_gets_no_data(client, world, where):
    room = world.rooms["hy1503"]
    if where == "page":
        client.login(username="engineer", password=PASSWORD)
        response = client.get(reverse("households:detail", args=[room.pk]))
    else:
        response = api_client(world.engineer).get(f"/api/v1/households/{room.pk}/")
    assert response.status_code in (403, 404)
    assert_no_household_data(response)


@pytest.mark.parametrize(
    "url", ["/places/", "/places/p/HY/", "/api/v1/projects/", "/api/v1/buildings/", "/api/v1/buildings/{b}/rooms/"]
)
def test_an_engineer_is_refused_the_building_pages_and_places_api(client, world, url):
    client.login(username="engineer", password=PASSWORD)
    response = client.get(url.format(b=world.rooms["hy1503"].building_id))
    assert response.status_code == 403
    assert_no_household_data(response)


def test_an_engineer_cannot_write_through_the_api_and_nothing_changes(world):
    room = world.rooms["hy1503"]
    before = household_state(room)
    client = api_client(world.engineer)
    for request in api_writes(room):
        assert request.send(client).status_code == 403, request.name
    assert household_state(room) == before


# ---- general manager ------------------------------------------------------------------------


def test_the_general_manager_reads_households_through_the_api(world):
    client = api_client(world.gm)
    room = world.rooms["hy1503"]
    assert client.get("/api/v1/households/", {"search": "zw"}).json()["count"] == 1
    detail = client.get(f"/api/v1/households/{room.pk}/")
    assert detail.status_code == 200
    assert detail.json()["occupants"][0]["name"] == "张伟"


def test_the_general_manager_cannot_write_through_the_api_and_nothing_changes(world):
    room = world.rooms["hy1503"]
    before = household_state(room)
    client = api_client(world.gm)
    for request in api_writes(room):
        response = request.send(client)
        assert response.status_code == 403, request.name
        assert "张伟" not in response.content.decode()
    assert household_state(room) == before


def test_the_general_manager_cannot_write_through_the_pages_and_nothing_changes(client, world):
    client.login(username="gm", password=PASSWORD)
    room = world.rooms["hy1503"]
    before = household_state(room)
    for request in page_writes(room):
        assert request.send(client).status_code == 403, request.name
    assert household_state(room) == before


# ---- VIP profile ----------------------------------------------------------------------------


@pytest.fixture
def vip_room(world):
    room = world.rooms["hy1503"]
    vip_profile_save(room=room, actor=world.archivist, special_requests="不喜欢晚上来电", character="爽快")
    return room


def test_customer_service_sees_the_vip_profile_in_the_api(world, vip_room):
    detail = api_client(world.assistant).get(f"/api/v1/households/{vip_room.pk}/").json()
    assert detail["vip_profile"]["special_requests"] == "不喜欢晚上来电"


def test_the_general_manager_does_not_see_the_vip_profile_in_the_api(world, vip_room):
    response = api_client(world.gm).get(f"/api/v1/households/{vip_room.pk}/")
    assert response.json()["vip_profile"] is None
    assert "不喜欢晚上来电" not in response.content.decode()


def test_the_general_manager_does_not_see_the_vip_profile_on_the_page(client, world, vip_room):
    client.login(username="gm", password=PASSWORD)
    body = page_text(client.get(reverse("households:detail", args=[vip_room.pk])))
    assert "不喜欢晚上来电" not in body
    assert "VIP" not in body


def test_customer_service_sees_the_vip_profile_on_the_page(client, world, vip_room):
    client.login(username="assistant", password=PASSWORD)
    body = client.get(reverse("households:detail", args=[vip_room.pk])).content.decode()
    assert "不喜欢晚上来电" in body


# ---- no projects ----------------------------------------------------------------------------


@pytest.fixture
def newcomer(world):
    """A CS assistant not yet assigned to any project."""
    return make_user("newcomer", Role.CS_ASSISTANT, [])


def test_a_user_without_projects_finds_nothing_in_the_api(world, newcomer):
    client = api_client(newcomer)
    assert client.get("/api/v1/households/").json()["count"] == 0
    assert client.get("/api/v1/households/", {"search": "张伟"}).json()["count"] == 0
    assert client.get("/api/v1/projects/").json()["count"] == 0
    assert client.get("/api/v1/buildings/").json()["count"] == 0


def test_a_user_without_projects_gets_404_for_every_household(client, world, newcomer):
    room = world.rooms["hy1503"]
    response = api_client(newcomer).get(f"/api/v1/households/{room.pk}/")
    assert response.status_code == 404
    assert_no_household_data(response)
    client.force_login(newcomer)
    assert client.get(reverse("households:detail", args=[room.pk])).status_code == 404


def test_a_user_without_projects_sees_no_search_results_or_projects_on_the_pages(client, world, newcomer):
    client.force_login(newcomer)
    search = client.get(reverse("households:search"), {"q": "张伟"})
    projects = client.get(reverse("places:projects"))
    assert search.context["rooms"] == []
    assert "华苑小区" not in projects.content.decode()
