"""Writing the audit trail. Called by every action, inside the action's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from yidang.audit.chain import COLUMNS, canonical_text, chain_rows, chain_seal, content_of_canonical, utc_iso
from yidang.audit.models import AuditEvent
from yidang.core.bulk import bulk_insert


@dataclass(frozen=True)
class Change:
    """What one audit row says about one object."""

    action: str
    obj: Model
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    project_id: int | None = None


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": str(actor or "system")}
    return {"actor": actor, "actor_label": actor.get_username()}


def _plain(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return dict(value) if value is not None else None


def _event(change: Change, actor: Any, at: Any) -> AuditEvent:
    return AuditEvent(
        at=at,
        action=change.action,
        object_type=change.obj._meta.label_lower,
        object_id=str(change.obj.pk or ""),
        object_label=str(change.obj)[:200],
        project_id=change.project_id,
        before=_plain(change.before),
        after=_plain(change.after),
        **_actor_fields(actor),
    )


def audit_record(*, actor: Any, change: Change) -> AuditEvent:
    """Append one audit row, chained to the one before it. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the action's transaction")
    event = _event(change, actor, timezone.now())
    chain_seal(event)
    event.save()
    return event


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys whose values changed, as (before, after) dicts."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class AuditBatch:
    """Audit rows made ahead of writing: laid out as ``chain.COLUMNS``, each with the canonical
    content its hash covers, so writing them only links and copies."""

    at: datetime
    rows: list[list[Any]]
    contents: list[str]


def audit_batch(*, actor: Any, changes: Iterable[Change]) -> AuditBatch:
    """The rows ``audit_record_many`` writes for ``changes``. Touches no database, so a bulk
    action may make them on another thread while its transaction is busy."""
    who = _actor_fields(actor)
    actor_id = who["actor"].pk if who["actor"] is not None else None
    now = timezone.now()
    at = AuditEvent._meta.get_field("at").get_db_prep_save(now, connection)

    stamp = utc_iso(now)
    rows: list[list[Any]] = []
    contents: list[str] = []
    for c in changes:
        obj = c.obj
        head = [stamp, actor_id, who["actor_label"], c.action, obj._meta.label_lower, str(obj.pk or ""),
                str(obj)[:200], c.project_id]  # fmt: skip
        # stored as the canonical JSON the hash covers: jsonb keeps the same value, and nothing is parsed back
        before, after = canonical_text(_plain(c.before)), canonical_text(_plain(c.after))
        rows.append([at, *head[1:], before, after, "", ""])
        contents.append(content_of_canonical(head, before, after))
    return AuditBatch(now, rows, contents)


def audit_batch_write(batch: AuditBatch) -> int:
    """Append a batch made by ``audit_batch``, chained in its order. Inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit rows are written inside the action's transaction")
    return bulk_insert(AuditEvent, COLUMNS, chain_rows(batch.rows, batch.at, batch.contents))


def audit_record_many(*, actor: Any, changes: Iterable[Change]) -> int:
    """Append many audit rows at once (bulk import): the rows ``audit_record`` writes, one per change,
    chained in the order given.

    Inserted through ``core.bulk.bulk_insert`` (COPY on PostgreSQL): about 8x faster than
    ``bulk_create`` for the tens of thousands of rows of an import (measured by the import's
    author: 10,000 rows in 0.7 s instead of 6 s). The JSON is dumped once, as text, and that
    text is both what is stored and what is hashed.
    """
    return audit_batch_write(audit_batch(actor=actor, changes=changes))
