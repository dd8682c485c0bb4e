"""Building blocks of the inspection tests: a drawn sample and one file's record in it."""

from __future__ import annotations

from collections.abc import Mapping

from yidang.inspections.actions import ItemCheck, inspection_sample_draw
from yidang.inspections.models import InspectionRecord
from yidang.inspections.queries import record_checklist


def sample_record(world, room_key: str = "hy1503") -> InspectionRecord:
    """HY's half-year sample (every building has one file, so each is drawn) and the record of a room's file."""
    inspection = inspection_sample_draw(project=world.hy, actor=world.supervisor, seed=1)
    return inspection.records.select_related("inspection").get(archive__room=world.rooms[room_key])


def checks_for(record: InspectionRecord, problems: Mapping[str, tuple[str, str]] | None = None) -> list[ItemCheck]:
    """An ItemCheck for every checklist item: ``problems`` maps a type code to (finding kind, note)."""
    problems = problems or {}
    return [
        ItemCheck(item.doc_type_id, *problems.get(item.doc_type.code, ("", ""))) for item in record_checklist(record)
    ]
