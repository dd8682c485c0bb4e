"""The search page comes tier by tier (exact room first, then by room id) and counts up to a cap."""

from __future__ import annotations

import pytest

from yidang.households import search, views
from yidang.households.api import HouseholdPagination
from yidang.households.search import search_households
from yidang.households.tests.helpers import api_client
from yidang.places.actions import room_create


@pytest.fixture
def c1_rooms(world):
    """Five rooms of building C1 in HY: 1011, 1012, 1013, 1014 and then 101 (the highest id)."""
    return [
        room_create(project=world.hy, building_code="C1", floor=10, number=number, actor=world.archivist)
        for number in ["1011", "1012", "1013", "1014", "101"]
    ]


def codes(page: search.SearchPage) -> list[str]:
    return [room.code for room in page.rooms]


def test_an_exact_room_number_comes_before_rooms_it_only_begins(world, c1_rooms):
    found = search_households("101", [world.hy.id])
    assert codes(found) == ["C1-10-101", "C1-10-1011", "C1-10-1012", "C1-10-1013", "C1-10-1014"]
    assert (found.count, found.count_capped) == (5, False)


def test_pages_of_the_tiered_search_join_up_to_the_whole_list(world, c1_rooms):
    whole = codes(search_households("101", [world.hy.id]))
    pages = [codes(search_households("101", [world.hy.id], offset=o, limit=2)) for o in (0, 2, 4)]
    assert [code for page in pages for code in page] == whole
    assert [len(page) for page in pages] == [2, 2, 1]


def test_more_matches_than_the_cap_count_as_the_cap_and_say_so(world, c1_rooms):
    found = search_households("c1", [world.hy.id], limit=2, count_cap=3)
    assert (len(found.rooms), found.count, found.count_capped) == (2, 3, True)


def test_a_count_under_the_cap_is_exact(world, c1_rooms):
    found = search_households("c1", [world.hy.id], limit=2, count_cap=10)
    assert (found.count, found.count_capped) == (5, False)


def test_a_page_beyond_the_cap_counts_at_least_to_its_own_end(world, c1_rooms):
    found = search_households("c1", [world.hy.id], offset=2, limit=2, count_cap=3)
    assert (len(found.rooms), found.count, found.count_capped) == (2, 4, True)


def test_the_last_page_beyond_the_cap_knows_the_exact_count(world, c1_rooms):
    found = search_households("c1", [world.hy.id], offset=4, limit=2, count_cap=3)
    assert (codes(found), found.count, found.count_capped) == (["C1-10-101"], 5, False)


def test_the_search_page_shows_a_capped_count_with_a_plus(client, world, c1_rooms, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.assistant)
    page = client.get("/households/", {"q": "c1"}).content.decode()
    assert "找到 3+ 户" in page
    assert "第 1 页" in page and "下一页" in page


def test_the_api_marks_a_capped_count_and_still_links_the_next_page(world, c1_rooms, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    monkeypatch.setattr(HouseholdPagination, "page_size", 2)
    found = api_client(world.assistant).get("/api/v1/households/", {"search": "c1"}).json()
    assert (found["count"], found["count_capped"], len(found["results"])) == (3, True, 2)
    assert found["next"] is not None
