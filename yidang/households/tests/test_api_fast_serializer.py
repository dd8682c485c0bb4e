"""The search results' hand-built representation says exactly what the declared fields say."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yidang.households.api import HouseholdSerializer, OccupantSerializer
from yidang.households.search import search_households


def test_fast_household_representation_equals_the_declared_fields(world):
    room: Any = search_households("1503", [world.hy.id]).rooms[0]
    fast = HouseholdSerializer().to_representation(room)
    generic = serializers.ModelSerializer.to_representation(HouseholdSerializer(), room)
    assert fast == generic
    assert fast["occupants"][0]["id_number_masked"] == "110***********002X"


def test_fast_occupant_representation_equals_the_declared_fields(world):
    occupancy: Any = search_households("1503", [world.hy.id]).rooms[0].current_occupancies[0]
    assert OccupantSerializer().to_representation(occupancy) == serializers.Serializer.to_representation(
        OccupantSerializer(), occupancy
    )
