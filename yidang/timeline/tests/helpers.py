"""Building timelines for the tests: a move-in through the real actions, or many events at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from yidang.archive.actions import DocumentData, document_add, document_update
from yidang.archive.models import Archive, DocumentType
from yidang.households.actions import household_occupant_add
from yidang.people.actions import PersonData
from yidang.places.models import Room
from yidang.shelving.actions import LocationData, folder_move, location_create
from yidang.timeline.actions import EventRow, timeline_add_many


def move_in(world, room: Room) -> Archive:
    """A new owner moves in; the archivist files two papers, corrects one and shelves the folder."""
    actor = world.archivist
    household_occupant_add(room=room, role="owner", person_data=PersonData(name="李四"), actor=actor)
    archive = Archive.objects.get(room=room)
    handover = DocumentType.objects.get(code="handover_record")
    doc = document_add(archive=archive, data=DocumentData(doc_type=handover), actor=actor)
    document_add(archive=archive, data=DocumentData(doc_type=DocumentType.objects.get(code="key_receipt")), actor=actor)
    document_update(document=doc, data=DocumentData(doc_type=handover, pages=3), actor=actor)
    store = location_create(project=room.project, data=LocationData(kind="room", name="档案室"), actor=actor)
    cabinet = location_create(project=room.project, data=LocationData(kind="cabinet", parent=store), actor=actor)
    folder_move(archive=archive, to_location=cabinet, actor=actor, reason="入伙归档")
    return archive


def many_events(room: Room, count: int, *, start: datetime, same_time_every: int = 1) -> None:
    """``count`` events one minute apart; ``same_time_every`` > 1 gives runs of events at the same instant."""
    timeline_add_many(
        EventRow(
            room_id=room.pk,
            kind="document.add" if i % 2 else "occupancy.start",
            summary=f"事件 {i}",
            at=start + timedelta(minutes=i // same_time_every),
        )
        for i in range(count)
    )
