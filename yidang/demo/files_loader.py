"""Writing planned demo files in bulk: archives, checklist items, documents, scans, timeline, tokens.

Archives, documents and scans take ids reserved first (``core.bulk.reserve_ids``: the table's sequence on
PostgreSQL, the next free ids inside the write transaction on SQLite) and go in with
``core.bulk.bulk_insert`` — COPY on PostgreSQL, executemany on SQLite — because the rows that
follow point at them (a scan at its document, an event at its document or scan). Checklist
items and their counts are computed from the plan (``files.checklist``, the same rule as
``archive.checklist``), so nothing is written twice. Columns a model has beyond those written
here take the field's default, so a new field with a default does not break the seed.

The same result as opening each file with ``archive_open`` and filing each document with
``document_add`` and ``scan_add``, without their audit rows (the seed records one summary row).
Each call writes one batch and must run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from yidang.archive.models import Archive, ArchiveStatus, ChecklistItem, Document, Scan
from yidang.core.bulk import bulk_insert, reserve_ids
from yidang.demo.files import ARCHIVE_OPEN, SCAN_ADD, FilePlan, TypeSpec, checklist
from yidang.demo.households import HouseholdPlan
from yidang.demo.scans import SampleScan
from yidang.households.search import archive_tokens_write, document_tokens_write
from yidang.places.models import Project, room_code
from yidang.timeline.models import TimelineEvent

_OBJECT_TYPES = {
    "occupancy.start": "households.occupancy",
    "occupancy.end": "households.occupancy",
    "archive.open": "archive.archive",
    "document.add": "archive.document",
    "document.change": "archive.document",
    "scan.add": "archive.scan",
}


def rows_insert(model: type[Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """``bulk_insert`` of ``rows`` (values of ``columns``); the model's other columns take their defaults."""
    missing = [f for f in model._meta.concrete_fields if f.column not in columns and not f.primary_key]
    extra = tuple(_default(f) for f in missing)
    values = (row + extra for row in rows) if extra else rows
    return bulk_insert(model, [*columns, *(str(f.column) for f in missing)], values)


def _default(field: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return connection.ops.adapt_datetimefield_value(timezone.now())
    if field.has_default() or field.null or field.empty_strings_allowed:  # a blank text field defaults to ""
        return field.get_db_prep_save(field.get_default(), connection)
    raise RuntimeError(f"demo seed: {field.model.__name__}.{field.name} has no default; the seed must write it")


def archive_number(project: Project, h: HouseholdPlan) -> str:
    """``archive.actions.archive_number_for`` from the plan (the configured scheme)."""
    r = h.room
    code = room_code(r.building, r.floor, r.number)
    return str(settings.YIDANG_ARCHIVE_NUMBER_SCHEME.format(
        project=project.code, building=r.building, floor=r.floor, room=r.number, code=code
    ))  # fmt: skip


def files_write(
    project: Project,
    households: list[HouseholdPlan],
    files: list[FilePlan | None],
    types: Sequence[TypeSpec],
    samples: Sequence[SampleScan],
) -> Counter[str]:
    """Write the files of one batch of written households (``h.pk`` set); row counts by kind."""
    pairs = [(h, f) for h, f in zip(households, files, strict=True) if f is not None]
    counts: Counter[str] = Counter()
    if not pairs:
        return counts
    adapt = connection.ops.adapt_datetimefield_value
    numbers = [archive_number(project, h) for h, _f in pairs]
    ticks = [checklist(f, types) for _h, f in pairs]
    for (_h, f), pk in zip(pairs, reserve_ids(Archive, len(pairs)), strict=True):
        f.pk = pk
    counts["archives"] = rows_insert(
        Archive,
        ["id", "room_id", "project_id", "number", "status", "opened_at", "has_renovation", "has_transfer",
         "required_count", "satisfied_count"],
        (
            (f.pk, h.pk, project.pk, number, ArchiveStatus.ACTIVE.value, adapt(f.opened_at), f.has_renovation,
             f.has_transfer, len(tick), sum(tick.values()))
            for (h, f), number, tick in zip(pairs, numbers, ticks, strict=True)
        ),
    )  # fmt: skip
    counts["checklist_items"] = rows_insert(
        ChecklistItem,
        ["archive_id", "doc_type_id", "satisfied"],
        ((f.pk, type_id, done) for (_h, f), tick in zip(pairs, ticks, strict=True) for type_id, done in tick.items()),
    )
    counts["search_tokens"] = archive_tokens_write(
        (h.pk, project.pk, n) for (h, _f), n in zip(pairs, numbers, strict=True)
    )
    documents = [d for _h, f in pairs for d in f.documents]
    for doc, pk in zip(documents, reserve_ids(Document, len(documents)), strict=True):
        doc.pk = pk
    counts["documents"] = rows_insert(
        Document,
        ["id", "archive_id", "doc_type_id", "item_no", "title", "doc_date", "source", "is_original",
         "original_location", "pages", "note", "retention_class", "retention_years", "retention_reason",
         "paper_present", "scan_count", "created_by_id", "created_at"],
        (
            (d.pk, f.pk, d.type.id, d.item_no, d.title, d.day, d.source, d.is_original, d.original_location, d.pages,
             d.note, d.type.retention_class, d.type.retention_years, "", d.paper_present, len(d.scans), None,
             adapt(d.at))
            for _h, f in pairs
            for d in f.documents
        ),
    )  # fmt: skip
    counts["search_tokens"] += document_tokens_write(
        (h.pk, project.pk, d.title, d.note, d.type.name) for h, f in pairs for d in f.documents
    )
    scans = [(d, s) for d in documents for s in d.scans]
    for (_d, scan), pk in zip(scans, reserve_ids(Scan, len(scans)), strict=True):
        scan.pk = pk
    counts["scans"] = rows_insert(
        Scan,
        ["id", "document_id", "version", "sha256", "size", "content_type", "original_name", "storage_name",
         "thumbnail_name", "uploaded_by_id", "uploaded_at"],
        (
            (s.pk, d.pk, s.version, (sample := samples[s.sample]).sha256, sample.size, sample.content_type,
             f"扫描件{d.item_no:03d}-{s.version}.{sample.ext}", sample.storage_name, sample.thumbnail_name, None,
             adapt(s.at))
            for d, s in scans
        ),
    )  # fmt: skip
    counts["timeline_events"] = rows_insert(
        TimelineEvent,
        ["room_id", "at", "kind", "summary", "actor_id", "object_type", "object_id", "data"],
        _event_rows(pairs, numbers, samples),
    )
    return counts


def _event_rows(
    pairs: list[tuple[HouseholdPlan, FilePlan]], numbers: list[str], samples: Sequence[SampleScan]
) -> Iterator[tuple[Any, ...]]:
    adapt = connection.ops.adapt_datetimefield_value
    for (h, f), number in zip(pairs, numbers, strict=True):
        for e in f.events:
            object_type = _OBJECT_TYPES.get(e.kind, "")
            data = "{}"
            if e.kind == ARCHIVE_OPEN:
                summary, object_id = f"{e.summary} {number}", str(f.pk)
            elif e.scan is not None and e.document is not None and e.kind == SCAN_ADD:
                summary, object_id = e.summary, str(e.scan.pk)
                payload = {"document_id": e.document.pk, "version": e.scan.version,
                           "sha256": samples[e.scan.sample].sha256}  # fmt: skip
                data = json.dumps(payload)
            elif e.document is not None:
                summary, object_id = e.summary, str(e.document.pk)
            else:
                summary, object_id = e.summary, ""
            yield (h.pk, adapt(e.at), e.kind, summary[:300], None, object_type, object_id, data)
