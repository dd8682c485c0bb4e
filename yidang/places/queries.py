"""Reads of places, scoped to the user's projects in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.places.models import Building, Occupancy, Project, Room


def projects_visible_to(user: User) -> QuerySet[Project]:
    return Project.objects.filter(id__in=project_ids_of(user))


def buildings_visible_to(user: User) -> QuerySet[Building]:
    return Building.objects.filter(project_id__in=project_ids_of(user))


def project_get(user: User, code: str) -> Project:
    project = projects_visible_to(user).filter(code=code).first()
    if project is None:
        raise Http404("没有找到该项目")
    return project


def buildings_with_counts(project: Project) -> QuerySet[Building]:
    return project.buildings.annotate(
        room_count=Count("rooms"),
        occupied_count=Count("rooms", filter=~Q(rooms__occupancy=Occupancy.VACANT)),
    ).order_by("code")


@dataclass
class FloorRow:
    floor: int
    rooms: list[Room]


def building_floors(building: Building) -> list[FloorRow]:
    """Rooms by floor, top floor first — the building map."""
    by_floor: dict[int, list[Room]] = defaultdict(list)
    rooms = building.rooms.only("id", "code", "number", "floor", "occupancy", "unit_id").order_by("floor", "number")
    for room in rooms:
        by_floor[room.floor].append(room)
    return [FloorRow(floor=f, rooms=by_floor[f]) for f in sorted(by_floor, reverse=True)]
