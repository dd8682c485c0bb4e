"""Fixtures of the inspection tests: the official calendar and buildings with occupied rooms."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from yidang.households.actions import household_occupant_add
from yidang.households.models import OccupantRole
from yidang.people.actions import PersonData
from yidang.places.actions import room_create
from yidang.places.models import Project, Room
from yidang.workdays.actions import calendar_days_load

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    """An aware local (Asia/Shanghai) time: ``local(2025, 9, 30, 10)``."""
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc,arg-type]


def building_with(project: Project, code: str, *, rooms: int, occupied: int, actor) -> list[Room]:
    """A building of ``rooms`` rooms on one floor, the first ``occupied`` of them with an owner (and a file)."""
    made = [
        room_create(project=project, building_code=code, floor=1, number=f"{i + 1:02d}", actor=actor)
        for i in range(rooms)
    ]
    for room in made[:occupied]:
        occupy(room, actor)
    return made


def occupy(room: Room, actor) -> None:
    household_occupant_add(
        room=room, role=OccupantRole.OWNER, actor=actor, person_data=PersonData(name="李明", sex="M", phone="")
    )


@pytest.fixture
def calendar(db) -> None:
    calendar_days_load(actor="test")
