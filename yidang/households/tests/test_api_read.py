"""Households API, reading: the page's search, DRF pagination, masked personal data, the full household."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.pagination import PageNumberPagination

from tests.world import ID_ZHANG_WEI
from yidang.accounts.queries import project_ids_of
from yidang.households.actions import emergency_contact_add, household_transfer
from yidang.households.models import ParkingSpace
from yidang.households.search import search_households
from yidang.households.tests.helpers import api_client
from yidang.people.actions import PersonData
from yidang.places.actions import room_create


@pytest.fixture
def api(world):
    return api_client(world.assistant)


@pytest.mark.parametrize("query", ["zw", "张伟", "5678", "A2-1503", "京A12345", ID_ZHANG_WEI])
def test_api_search_finds_what_the_search_page_finds(api, world, query):
    expected = [r.code for r in search_households(query, project_ids_of(world.assistant)).rooms]

    found = api.get("/api/v1/households/", {"search": query}).json()

    assert [row["code"] for row in found["results"]] == expected == ["A2-15-1503"]
    assert found["count"] == 1


def test_api_search_results_mask_id_numbers_and_phones(api, world):
    response = api.get("/api/v1/households/", {"search": "zw"})
    occupant = response.json()["results"][0]["occupants"][0]

    assert occupant["id_number_masked"] == "110***********002X"
    assert occupant["phone_masked"] == "138****5678"
    assert ID_ZHANG_WEI not in response.content.decode()
    assert "13812345678" not in response.content.decode()


@pytest.fixture
def five_rooms_on_floor_8(world):
    for number in ("803", "804", "805"):
        room_create(project=world.hy, building_code="B1", floor=8, number=number, actor=world.archivist)


def test_api_search_is_paginated_with_count_next_and_previous(api, world, five_rooms_on_floor_8, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)

    first = api.get("/api/v1/households/", {"search": "80"}).json()
    last = api.get("/api/v1/households/", {"search": "80", "page": 3}).json()

    assert first["count"] == 5
    assert [r["code"] for r in first["results"]] == ["B1-8-801", "B1-8-802"]
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert [r["code"] for r in last["results"]] == ["B1-8-805"]
    assert last["next"] is None
    assert "page=2" in last["previous"]


def test_api_list_without_search_pages_through_the_users_households(api, world, five_rooms_on_floor_8, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 4)

    first = api.get("/api/v1/households/").json()
    second = api.get(first["next"]).json()

    assert first["count"] == 6
    assert len(first["results"]) == 4
    assert len(second["results"]) == 2
    assert second["next"] is None


def test_api_list_filters_by_building(api, world):
    b1 = world.rooms["hy0801"].building_id
    found = api.get("/api/v1/households/", {"building": b1}).json()
    assert [r["code"] for r in found["results"]] == ["B1-8-801", "B1-8-802"]


def test_api_search_for_nothing_matching_is_an_empty_page(api, world):
    found = api.get("/api/v1/households/", {"search": "不存在的人"}).json()
    assert found == {"count": 0, "count_capped": False, "next": None, "previous": None, "results": []}


@pytest.fixture
def full_household(world):
    """A2-15-1503 with a transfer in its history, an emergency contact and a parking space."""
    room = world.rooms["hy1503"]
    household_transfer(
        room=room,
        new_owner=PersonData(name="王芳", phone="13600002222"),
        transfer_date=datetime.date(2030, 1, 2),
        actor=world.archivist,
    )
    emergency_contact_add(room=room, name="李四", phone="13900002222", relation="兄弟", actor=world.archivist)
    # No action registers parking spaces yet; a fixture row stands in for the future one.
    ParkingSpace.objects.create(project=world.hy, code="P-101", room=room, permit_no="TC-0001")
    return room


def test_household_detail_shows_occupants_contacts_vehicles_parking_and_history(api, full_household):
    response = api.get(f"/api/v1/households/{full_household.pk}/")
    data = response.json()

    assert response.status_code == 200
    assert data["code"] == "A2-15-1503"
    assert data["project_name"] == "华苑小区"
    assert data["unit_code"] == "1"
    assert [o["name"] for o in data["occupants"]] == ["王芳"]
    assert [(o["name"], o["end_date"]) for o in data["history"]] == [("王芳", None), ("张伟", "2030-01-02")]
    assert data["emergency_contacts"] == [
        {"id": data["emergency_contacts"][0]["id"], "name": "李四", "relation": "兄弟", "phone_masked": "139****2222"}
    ]
    assert [v["plate"] for v in data["vehicles"]] == ["京A12345"]
    assert [(p["code"], p["permit_no"]) for p in data["parking_spaces"]] == [("P-101", "TC-0001")]


def test_household_detail_never_holds_a_clear_id_number_or_phone(api, full_household):
    body = api.get(f"/api/v1/households/{full_household.pk}/").content.decode()
    for clear in (ID_ZHANG_WEI, "13812345678", "13600002222", "13900002222"):
        assert clear not in body


@pytest.mark.parametrize("pk", ["999999", "abc"])
def test_an_unknown_household_answers_404(api, world, pk):
    assert api.get(f"/api/v1/households/{pk}/").status_code == 404


def test_rooms_of_a_building_come_floor_by_floor_without_personal_data(api, world):
    building = world.rooms["hy0801"].building_id
    response = api.get(f"/api/v1/buildings/{building}/rooms/")
    data = response.json()

    assert data["count"] == 2
    assert [(r["code"], r["occupancy"]) for r in data["results"]] == [("B1-8-801", "owner"), ("B1-8-802", "vacant")]
    assert "欧阳" not in response.content.decode()
