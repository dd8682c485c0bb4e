"""Opening files in bulk, for the import and the demo seed (same result as ``archive_open`` per room)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yidang.archive.actions import archive_number_for
from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import Archive, ChecklistItem, Condition, DocumentType
from yidang.core.bulk import bulk_insert
from yidang.households.models import Occupancy, OccupantRole
from yidang.households.search import archive_tokens_write
from yidang.places.models import Room
from yidang.timeline.models import EventKind, TimelineEvent


def _conditions_by_room(room_ids: list[int]) -> dict[int, set[str]]:
    met: dict[int, set[str]] = {rid: {Condition.ALWAYS.value} for rid in room_ids}
    current = Occupancy.objects.filter(room_id__in=room_ids, end_date__isnull=True)
    for rid in current.filter(role=OccupantRole.TENANT).values_list("room_id", flat=True):
        met[rid].add(Condition.HAS_TENANT.value)
    owners = current.filter(role__in=[OccupantRole.OWNER, OccupantRole.CO_OWNER], organization__isnull=False)
    for rid in owners.values_list("room_id", flat=True):
        met[rid].add(Condition.COMPANY_OWNER.value)
    return met


def archives_open_bulk(*, room_ids: Iterable[int], actor: Any, summary: str = "建立档案") -> int:
    """Open a file for every given room that has current occupants and no file yet.

    New files have no documents, so every applicable checklist item starts unticked; existing
    files get their checklist recomputed (their conditions may have changed). Must run inside
    the caller's transaction; the caller writes the audit row for the whole bulk operation.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("archives_open_bulk must run inside the caller's transaction")
    ids = list(room_ids)
    occupied = set(Occupancy.objects.filter(room_id__in=ids, end_date__isnull=True).values_list("room_id", flat=True))
    existing = dict(Archive.objects.filter(room_id__in=ids).values_list("room_id", "id"))
    for archive in Archive.objects.filter(id__in=existing.values()):
        checklist_refresh(archive)
    new_rooms = list(Room.objects.filter(id__in=occupied - existing.keys()).select_related("project", "building"))
    if not new_rooms:
        return 0
    required = list(DocumentType.objects.filter(required=True).values_list("id", "condition"))
    met = _conditions_by_room([r.id for r in new_rooms])
    now = timezone.now()
    archives = Archive.objects.bulk_create(
        [
            Archive(
                room=r,
                project=r.project,
                number=archive_number_for(r),
                opened_at=now,
                required_count=sum(1 for _, cond in required if cond in met[r.id]),
            )
            for r in new_rooms
        ],
        batch_size=2000,
    )
    archive_tokens_write((a.room_id, a.project_id, a.number) for a in archives)
    bulk_insert(
        ChecklistItem,
        ["archive_id", "doc_type_id", "satisfied"],
        ((a.id, type_id, False) for a in archives for type_id, cond in required if cond in met[a.room_id]),
    )
    at = TimelineEvent._meta.get_field("at").get_db_prep_save(now, connection)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    bulk_insert(
        TimelineEvent,
        ["room_id", "at", "kind", "summary", "actor_id", "object_type", "object_id", "data"],
        (
            (
                a.room_id,
                at,
                EventKind.ARCHIVE_OPEN.value,
                f"{summary} {a.number}",
                actor_id,
                "archive.archive",
                str(a.id),
                "{}",
            )
            for a in archives
        ),
    )
    return len(archives)
