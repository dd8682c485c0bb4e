"""The audit trail as a hash chain: each row carries the hash of the row before it.

``row_hash = sha256(prev_hash + canonical content)``, where the content is the row's time (ISO,
UTC, microseconds), actor id and label, action, object type / id / label, project id, and its
``before`` / ``after`` JSON. The first row's ``prev_hash`` is :data:`GENESIS`. Editing a row in
SQL breaks its own hash; deleting, inserting or reordering rows breaks the next row's link.

The JSON is canonicalised so that the value hashed on write is the value read back on verify:
keys sorted (PostgreSQL's jsonb reorders them), no ASCII escaping, fixed separators, and numbers
with an integral value written as integers (jsonb turns ``1e+16`` into ``10000000000000000``).

Appends are serialised so that seq order is chain order:

* PostgreSQL: :func:`chain_head` takes ``pg_advisory_xact_lock(LOCK_KEY)`` before it reads the
  last row; the lock is held until the caller's transaction ends, so the next appender reads
  this transaction's rows only once they are committed (locks are released after the commit
  is visible). This needs READ COMMITTED (Django's default): each statement takes a fresh
  snapshot, so the read after the lock sees the previous holder's rows. A transaction that
  writes its audit row holds the lock until it commits, so actions write their audit rows after
  taking their own row locks (a lock cycle would be broken by PostgreSQL's deadlock detector).
* SQLite: the settings open every transaction with ``BEGIN IMMEDIATE`` (``transaction_mode``),
  which takes the database's single write lock at once, so two writers never interleave; the
  system check :func:`check_sqlite_serialises_writers` fails when that setting is missing.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core import checks
from django.db import connection, transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain: the first 8 bytes of sha256("yidang.audit.chain"), signed.
LOCK_KEY = int.from_bytes(hashlib.sha256(b"yidang.audit.chain").digest()[:8], "big", signed=True)
TABLE = "audit_auditevent"


def _number(token: str) -> int | float:
    """A JSON number token as read: integral values become ints, the way jsonb prints them."""
    value = Decimal(token)
    return int(value) if value == value.to_integral_value() else float(token)


def json_text(value: Any) -> str | None:
    """The JSON text Django's JSONField stores for ``value`` (None → SQL NULL)."""
    return None if value is None else json.dumps(value)


# Made once: json.loads / json.dumps with options build a new decoder / encoder on every call.
_DECODER = json.JSONDecoder(parse_float=_number)
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _canonical_json(text: str | None) -> Any:
    return None if text is None else _DECODER.decode(text)


class _NotPlain(Exception):
    """A dict with keys other than strings: json.dumps turns them into strings, so take its way round."""


def _canonical(value: Any) -> Any:
    """``value`` as it comes back from ``_canonical_json(json_text(value))``, without the round trip."""
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):
            raise _NotPlain
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if type(value) is float and math.isfinite(value):
        return _number(float.__repr__(value))  # what json.dumps writes, read back as jsonb would
    return value


def canonical_text(value: Any) -> str | None:
    """The canonical JSON of ``value`` (what :func:`content` hashes of it), also fit to store."""
    if value is None:
        return None
    try:
        return _ENCODER.encode(_canonical(value))
    except _NotPlain:
        return _ENCODER.encode(_canonical_json(json_text(value)))


def content_of_canonical(head: list[Any], before: str | None, after: str | None) -> str:
    """:func:`content` of a row whose ``before`` / ``after`` are already :func:`canonical_text`;
    ``head`` is the eight fields before them. The same string, with no JSON parsed."""
    return f"{_ENCODER.encode(head)[:-1]},{before or 'null'},{after or 'null'}]"


def utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def content(
    at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    project_id: int | None,
    before: str | None,
    after: str | None,
) -> str:
    """The canonical serialisation of one row's content; ``at`` from :func:`utc_iso`, JSON as text."""
    fields = [at, actor_id, actor_label, action, object_type, object_id, object_label, project_id,
              _canonical_json(before), _canonical_json(after)]  # fmt: skip
    return _ENCODER.encode(fields)


def link(prev_hash: str, row_content: str) -> str:
    return hashlib.sha256((prev_hash + row_content).encode()).hexdigest()


def chain_head() -> str:
    """Lock the chain for this transaction and return the last row's hash (or GENESIS)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the audit chain is appended inside the action's transaction")
    last = f"SELECT row_hash FROM {TABLE} ORDER BY seq DESC LIMIT 1"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two statements in one round trip (no parameters: the simple query protocol). The read
            # must be a separate statement: under READ COMMITTED its snapshot is taken once the lock
            # is held, so it sees the rows the previous holder committed.
            cursor.execute(f"SELECT pg_advisory_xact_lock({LOCK_KEY:d}); {last}")
            cursor.nextset()
        else:
            cursor.execute(last)
        row = cursor.fetchone()
    return row[0] if row else GENESIS


# Positions of the content in the rows ``audit_record_many`` streams to COPY (see ``COLUMNS``).
COLUMNS = ["at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
           "project_id", "before", "after", "prev_hash", "row_hash"]  # fmt: skip


def chain_rows(rows: Iterable[list[Any]], at: datetime, contents: Sequence[str] | None = None) -> Iterator[list[Any]]:
    """Fill ``prev_hash`` and ``row_hash`` of rows laid out as ``COLUMNS`` (all written at ``at``).

    ``contents`` are the rows' canonical contents (:func:`row_content`) when made ahead of time.
    The head is read now, not on the first row: the rows are consumed while COPY holds the connection.
    """
    return _linked(rows, chain_head(), utc_iso(at), contents)


def row_content(row: list[Any], stamp: str) -> str:
    """The content hashed for a row laid out as ``COLUMNS``; ``stamp`` is ``utc_iso(at)``."""
    return content(stamp, *row[1:10])


def _linked(rows: Iterable[list[Any]], prev: str, stamp: str, contents: Sequence[str] | None) -> Iterator[list[Any]]:
    for index, row in enumerate(rows):
        row[10] = prev
        row[11] = prev = link(prev, contents[index] if contents is not None else row_content(row, stamp))
        yield row


def chain_seal(event: Any) -> None:
    """Fill ``prev_hash`` and ``row_hash`` of one unsaved ``AuditEvent``, just before it is saved."""
    event.prev_hash = chain_head()
    event.row_hash = link(event.prev_hash, event_content(event))


def event_content(event: Any) -> str:
    return content(utc_iso(event.at), event.actor_id, event.actor_label, event.action, event.object_type,
                   event.object_id, event.object_label, event.project_id, json_text(event.before),
                   json_text(event.after))  # fmt: skip


# ---- verifying -------------------------------------------------------------------------------------

VERIFY_FIELDS = ["seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
                 "project_id", "before_text", "after_text", "prev_hash", "row_hash"]  # fmt: skip


@dataclass(frozen=True)
class ChainReport:
    """What a walk of the chain found: the rows checked and the first broken link, if any."""

    rows: int
    first_seq: int | None
    last_seq: int | None
    head: str
    broken_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def chain_rows_in_order(model: Any) -> Any:
    """Every row of ``model`` (AuditEvent, or its migration-time twin) in seq order, JSON as stored text."""
    return (
        model._base_manager.order_by("seq")
        .annotate(before_text=Cast(F("before"), TextField()), after_text=Cast(F("after"), TextField()))
        .values_list(*VERIFY_FIELDS)
    )


def recompute(row: tuple[Any, ...], prev_hash: str) -> str:
    """The hash a row laid out as ``VERIFY_FIELDS`` should carry after ``prev_hash``."""
    return link(prev_hash, content(utc_iso(row[1]), *row[2:11]))


def chain_verify(model: Any, chunk_size: int = 5000) -> ChainReport:
    """Walk the whole chain in seq order (streaming) and stop at the first broken link."""
    expected, previous_seq, count, first = GENESIS, None, 0, None
    for row in chain_rows_in_order(model).iterator(chunk_size=chunk_size):
        seq, prev_hash, row_hash = row[0], row[11], row[12]
        first = seq if first is None else first
        problem = ""
        if recompute(row, prev_hash) != row_hash:
            problem = "row content does not match its hash"
        elif prev_hash != expected:
            before = f"seq {previous_seq}" if previous_seq is not None else "genesis"
            problem = f"prev_hash does not match the row before ({before})"
        if problem:
            return ChainReport(count, first, previous_seq, expected, broken_seq=seq, problem=problem)
        expected, previous_seq, count = row_hash, seq, count + 1
    return ChainReport(count, first, previous_seq, expected)


# ---- SQLite's serialised writers -------------------------------------------------------------------


def check_sqlite_serialises_writers(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """On SQLite the chain relies on BEGIN IMMEDIATE to keep two appenders apart."""
    from django.conf import settings

    return sqlite_writer_problems(dict(settings.DATABASES["default"]))


def sqlite_writer_problems(db: dict[str, Any]) -> list[checks.CheckMessage]:
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return []
    if str(db.get("OPTIONS", {}).get("transaction_mode", "")).upper() == "IMMEDIATE":
        return []
    return [
        checks.Error(
            "SQLite must open transactions with BEGIN IMMEDIATE (OPTIONS transaction_mode) for the audit chain",
            id="audit.E001",
        )
    ]
