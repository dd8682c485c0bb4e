"""A small store room for tests: HY has one room → cabinet → shelf → two boxes; JM one box."""

from __future__ import annotations

from dataclasses import dataclass

from tests.world import PASSWORD
from yidang.shelving.actions import LocationData, location_create
from yidang.shelving.models import Location


@dataclass
class Storage:
    room: Location
    cabinet: Location
    shelf: Location
    box1: Location
    box2: Location
    jm_box: Location


def build_storage(world) -> Storage:
    actor = world.archivist
    room = location_create(project=world.hy, data=LocationData(kind="room", name="1号档案室"), actor=actor)
    cabinet = location_create(project=world.hy, data=LocationData(kind="cabinet", parent=room), actor=actor)
    shelf = location_create(project=world.hy, data=LocationData(kind="shelf", parent=cabinet), actor=actor)
    box1 = location_create(project=world.hy, data=LocationData(kind="box", parent=shelf, year=2026), actor=actor)
    box2 = location_create(project=world.hy, data=LocationData(kind="box", parent=shelf), actor=actor)
    jm = world.jm_assistant  # JM has no archivist; the action does not care who, the pages do
    jm_room = location_create(project=world.jm, data=LocationData(kind="room"), actor=jm)
    jm_cabinet = location_create(project=world.jm, data=LocationData(kind="cabinet", parent=jm_room), actor=jm)
    jm_shelf = location_create(project=world.jm, data=LocationData(kind="shelf", parent=jm_cabinet), actor=jm)
    jm_box = location_create(project=world.jm, data=LocationData(kind="box", parent=jm_shelf), actor=jm)
    return Storage(room, cabinet, shelf, box1, box2, jm_box)


def login(client, username: str):
    client.login(username=username, password=PASSWORD)
    return client
