"""Opening files in bulk, for the import and the demo seed (same result as ``archive_open`` per room)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yidang.archive.actions import archive_number_of
from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import Archive, ArchiveStatus, ChecklistItem, Condition, DocumentType
from yidang.core.beside import beside
from yidang.core.bulk import bulk_insert, reserve_ids
from yidang.households.models import Occupancy, OccupantRole
from yidang.households.search import archive_tokens_write
from yidang.places.models import Room
from yidang.timeline.models import EventKind, TimelineEvent


def _conditions_of_occupied(room_ids: list[int]) -> dict[int, set[str]]:
    """The checklist conditions of those of these rooms that have current occupants, in one query."""
    met: dict[int, set[str]] = {}
    owners = {OccupantRole.OWNER.value, OccupantRole.CO_OWNER.value}
    current = Occupancy.objects.filter(room_id__in=room_ids, end_date__isnull=True)
    for rid, role, organization_id in current.values_list("room_id", "role", "organization_id"):
        met.setdefault(rid, {Condition.ALWAYS.value})
        if role == OccupantRole.TENANT:
            met[rid].add(Condition.HAS_TENANT.value)
        elif role in owners and organization_id is not None:
            met[rid].add(Condition.COMPANY_OWNER.value)
    return met


_CHECKLIST_SQL = f"""
INSERT INTO {ChecklistItem._meta.db_table} (archive_id, doc_type_id, satisfied)
SELECT met.archive_id, t.id, false
FROM unnest(%s::bigint[], %s::text[]) AS met(archive_id, condition)
JOIN {DocumentType._meta.db_table} t ON t.required AND t.condition = met.condition
"""


def _checklists_write(
    room_of: dict[int, int], met: dict[int, set[str]], applies: dict[int, list[int]], meanwhile: Callable[[], object]
) -> None:
    """The unticked checklist of every new file (archive id → room id), while ``meanwhile()`` runs.

    PostgreSQL joins each file's met conditions to the required types itself: one row per
    (file, condition) crosses the wire instead of one per item (about nine per file), and the
    statement runs beside (``core.beside``): checking ~150,000 new items' foreign keys takes it
    about a second per 20,000 files, which ``meanwhile`` may fill.
    """
    if connection.vendor != "postgresql":
        items = ((pk, type_id, False) for pk, room_id in room_of.items() for type_id in applies[room_id])
        bulk_insert(ChecklistItem, ["archive_id", "doc_type_id", "satisfied"], items)
        meanwhile()
        return
    pairs = [(pk, condition) for pk, room_id in room_of.items() for condition in sorted(met[room_id])]
    params = [[pk for pk, _c in pairs], [c for _pk, c in pairs]]
    with beside(lambda cursor: cursor.execute(_CHECKLIST_SQL, params)):
        meanwhile()


def _nothing() -> None:
    return None


def archives_open_bulk(
    *, room_ids: Iterable[int], actor: Any, summary: str = "建立档案", meanwhile: Callable[[], object] = _nothing
) -> int:
    """Open a file for every given room that has current occupants and no file yet.

    New files have no documents, so every applicable checklist item starts unticked; existing
    files get their checklist recomputed (their conditions may have changed). Must run inside
    the caller's transaction; the caller writes the audit row for the whole bulk operation.
    The files, tokens and timeline events go in as plain rows (COPY on PostgreSQL) with ids
    reserved up front, the checklists by one INSERT … SELECT: no model instance per room.
    ``meanwhile()`` is called once, while the checklists are written; it must not use the database.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("archives_open_bulk must run inside the caller's transaction")
    ids = list(room_ids)
    met = _conditions_of_occupied(ids)
    existing = dict(Archive.objects.filter(room_id__in=ids).values_list("room_id", "id"))
    for archive in Archive.objects.filter(id__in=existing.values()):
        checklist_refresh(archive)
    new = sorted(met.keys() - existing.keys())
    if not new:
        meanwhile()
        return 0
    rooms = Room.objects.filter(id__in=new).order_by("id")
    opened = [
        (room_id, project_id, archive_number_of(p_code, b_code, floor, number, code))
        for room_id, project_id, p_code, b_code, floor, number, code in rooms.values_list(
            "id", "project_id", "project__code", "building__code", "floor", "number", "code"
        )
    ]
    required = list(DocumentType.objects.filter(required=True).values_list("id", "condition"))
    applies = {rid: [type_id for type_id, cond in required if cond in conds] for rid, conds in met.items()}
    archive_ids = reserve_ids(Archive, len(opened))
    now = timezone.now()
    at = Archive._meta.get_field("opened_at").get_db_prep_save(now, connection)
    bulk_insert(
        Archive,
        ["id", "room_id", "project_id", "number", "status", "opened_at", "has_renovation", "has_transfer",
         "required_count", "satisfied_count", "note"],
        (
            (pk, room_id, project_id, number, ArchiveStatus.ACTIVE.value, at, False, False, len(applies[room_id]), 0,
             "")
            for pk, (room_id, project_id, number) in zip(archive_ids, opened, strict=True)
        ),
    )  # fmt: skip
    archive_tokens_write(opened)
    room_of = {pk: room_id for pk, (room_id, _p, _n) in zip(archive_ids, opened, strict=True)}
    _checklists_write(room_of, met, applies, meanwhile)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    bulk_insert(
        TimelineEvent,
        ["room_id", "at", "kind", "summary", "actor_id", "object_type", "object_id", "data"],
        (
            (room_id, at, EventKind.ARCHIVE_OPEN.value, f"{summary} {number}", actor_id, "archive.archive", str(pk),
             "{}")
            for pk, (room_id, _p, number) in zip(archive_ids, opened, strict=True)
        ),
    )  # fmt: skip
    return len(opened)
