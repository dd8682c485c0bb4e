"""Changes to places: buildings, units and rooms, each with its audit row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yidang.audit.actions import Change, audit_record, diff
from yidang.core.errors import DomainError
from yidang.places.models import Building, Project, Room, RoomUse, Unit, room_code


def building_get_or_create(*, project: Project, code: str, actor: Any) -> Building:
    building, created = Building.objects.get_or_create(project=project, code=code)
    if created:
        audit_record(
            actor=actor, change=Change("building.create", building, after={"code": code}, project_id=project.id)
        )
    return building


def unit_get_or_create(*, building: Building, code: str, actor: Any) -> Unit | None:
    if not code:
        return None
    unit, created = Unit.objects.get_or_create(building=building, code=code)
    if created:
        audit_record(
            actor=actor, change=Change("unit.create", unit, after={"code": code}, project_id=building.project_id)
        )
    return unit


@transaction.atomic
def room_create(
    *,
    project: Project,
    building_code: str,
    floor: int,
    number: str,
    actor: Any,
    unit_code: str = "",
    area: Decimal | None = None,
    use: str = RoomUse.RESIDENTIAL,
) -> Room:
    """A new room; its building and unit are created when missing. Codes are unique per project."""
    building = building_get_or_create(project=project, code=building_code, actor=actor)
    unit = unit_get_or_create(building=building, code=unit_code, actor=actor)
    code = room_code(building_code, floor, number)
    if Room.objects.filter(project=project, code=code).exists():
        raise DomainError(
            _("房屋 %(code)s 在项目 %(name)s 中已存在") % {"code": code, "name": project.name}, field="number"
        )
    try:
        with transaction.atomic():
            room = Room.objects.create(
                project=project, building=building, unit=unit, floor=floor, number=number, code=code, area=area, use=use
            )
    except IntegrityError as exc:  # a concurrent create of the same code
        raise DomainError(
            _("房屋 %(code)s 在项目 %(name)s 中已存在") % {"code": code, "name": project.name}, field="number"
        ) from exc
    audit_record(actor=actor, change=Change("room.create", room, after=room_view(room), project_id=project.id))
    from yidang.households.search import search_reindex

    search_reindex([room.id])
    return room


def room_view(room: Room) -> dict[str, Any]:
    return {
        "code": room.code,
        "floor": room.floor,
        "number": room.number,
        "area": str(room.area) if room.area is not None else None,
        "use": room.use,
        "occupancy": room.occupancy,
    }


@transaction.atomic
def room_update(
    *, room: Room, actor: Any, area: Decimal | None, use: str, move_in_date: Any = None, note: str = ""
) -> Room:
    """Change a room's facts (not its code: a room code is its identity in the archive)."""
    room = Room.objects.select_for_update().get(pk=room.pk)
    before = room_view(room) | {"move_in_date": str(room.move_in_date or ""), "note": room.note}
    room.area, room.use, room.move_in_date, room.note = area, use, move_in_date, note
    after = room_view(room) | {"move_in_date": str(room.move_in_date or ""), "note": room.note}
    old, new = diff(before, after)
    if new:
        room.save()
        audit_record(actor=actor, change=Change("room.update", room, before=old, after=new, project_id=room.project_id))
    return room
