"""The seeded households are found by the real search, and their tokens are what a reindex makes."""

from __future__ import annotations

from collections import defaultdict

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.households.models import Occupancy, SearchToken
from yidang.households.search import household_texts, search_households
from yidang.households.tokens import tokens_for
from yidang.places.models import Room


def _owner_in_hy():
    return (
        Occupancy.objects.filter(room__project__code="HY", role="owner", end_date__isnull=True, person__isnull=False)
        .select_related("person", "room")
        .order_by("id")[0]
    )


def test_search_finds_a_seeded_owner_by_name_and_by_room(seeded):
    owner = _owner_in_hy()
    projects = project_ids_of(User.objects.get(username="assistant"))
    by_name = search_households(owner.person.name, projects, limit=500).rooms
    assert owner.room in by_name
    assert search_households(owner.room.code, projects).rooms[0] == owner.room


def test_search_finds_a_seeded_owner_by_phone_tail(seeded):
    owner = _owner_in_hy()
    projects = project_ids_of(User.objects.get(username="assistant"))
    assert owner.room in search_households(owner.person.phone[-4:], projects, limit=500).rooms


def test_jm_households_are_not_found_from_hy(seeded):
    jm_room = Room.objects.filter(project__code="JM").order_by("id")[0]
    projects = project_ids_of(User.objects.get(username="assistant"))
    assert jm_room not in search_households(jm_room.code, projects, limit=500).rooms


def test_seeded_tokens_are_exactly_what_a_reindex_would_write(seeded):
    ids = list(Room.objects.values_list("id", flat=True))
    stored = defaultdict(set)
    for room_id, token, kind in SearchToken.objects.values_list("room_id", "token", "kind"):
        stored[room_id].add((token, kind))
    texts = household_texts(ids)
    assert {i: tokens_for(texts[i]) for i in ids} == {i: stored[i] for i in ids}
