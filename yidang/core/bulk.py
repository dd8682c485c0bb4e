"""Fast inserts for bulk paths (import, demo seed): COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from yidang.core.beside import beside


def bulk_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], batch: int = 5000) -> int:
    """Insert plain value tuples into ``model``'s table; no ids are returned. Returns the count."""
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _copy(cursor.cursor, _copy_sql(model, columns), rows)  # the psycopg cursor under Django's
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
        chunk: list[Sequence[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _copy_sql(model: type[Model], columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"


def _copy(raw: Any, sql: str, rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with raw.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def bulk_insert_while(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], meanwhile: Callable[[], object]
) -> None:
    """``bulk_insert`` and ``meanwhile()``, which must not use the database. On PostgreSQL the COPY
    runs beside (``core.beside``), so ``meanwhile`` fills the wait for its foreign-key checks."""
    if connection.vendor != "postgresql":
        bulk_insert(model, columns, rows)
        meanwhile()
        return
    sql = _copy_sql(model, columns)
    with beside(lambda cursor: _copy(cursor, sql, rows)):
        meanwhile()


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, for rows that go in by ``bulk_insert`` with their id.

    PostgreSQL: drawn from the table's sequence, never handed out again. SQLite: above both MAX(id)
    and AUTOINCREMENT's counter (``sqlite_sequence``, which remembers deleted rows' ids too); the
    caller's transaction began IMMEDIATE and holds the write lock, so those stay ours, and the
    counter moves past them when the rows go in. Call inside that transaction.
    """
    if count == 0:
        return []
    table, column = model._meta.db_table, str(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX(top) FROM (SELECT MAX({quote(column)}) AS top FROM {quote(table)}"
            " UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        start = (cursor.fetchone()[0] or 0) + 1  # type: ignore[index]
        return list(range(start, start + count))


@dataclass(frozen=True)
class _SetAside:
    table: str
    name: str
    definition: str
    kind: str  # "index", "unique" (a constraint with its index) or "foreign key"

    def drop_sql(self) -> str:
        if self.kind == "index":
            return f'DROP INDEX "{self.name}"'
        return f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{self.name}"'

    def restore_sql(self) -> str:
        if self.kind == "index":
            return self.definition
        return f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{self.name}" {self.definition}'


_SET_ASIDE_QUERY = """
SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid),
       CASE c.contype WHEN 'f' THEN 'foreign key' ELSE 'unique' END
  FROM pg_constraint c
 WHERE c.conrelid = ANY(%(tables)s::regclass[]) AND c.contype IN ('f', 'u', 'x')
UNION ALL
SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 'index'
  FROM pg_index i
 WHERE i.indrelid = ANY(%(tables)s::regclass[]) AND NOT i.indisprimary
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
"""

_RESTORE_ORDER = {"index": 0, "unique": 1, "foreign key": 2}


@contextmanager
def indexes_set_aside(models: Sequence[type[Model]], log: Callable[[str], None] | None = None) -> Iterator[None]:
    """Load ``models``' tables without their secondary indexes and constraints, then build them once.

    PostgreSQL's own advice for populating a database ("Populating a Database" in its manual): drop
    indexes and foreign keys, load, create them again — one sorted build per index and one join per
    foreign key instead of a random index insertion and a deferred trigger per row. Primary keys stay.
    Everything is put back on the way out, also when the load fails; a unique or foreign key that the
    loaded rows break fails loudly there. For bulk loads into tables nobody else is using (the demo seed
    of an empty database); a no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE while checks of earlier rows are pending
        cursor.execute(_SET_ASIDE_QUERY, {"tables": tables})
        aside = [_SetAside(*row) for row in cursor.fetchall()]
        for item in sorted(aside, key=lambda a: -_RESTORE_ORDER[a.kind]):  # foreign keys first
            cursor.execute(item.drop_sql())
    try:
        yield
    finally:
        _restore(aside, log)


def _restore(aside: list[_SetAside], log: Callable[[str], None] | None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for item in sorted(aside, key=lambda a: _RESTORE_ORDER[a.kind]):
            started = time.monotonic()
            cursor.execute(item.restore_sql())
            if log:
                log(f"{item.kind} {item.name}: {time.monotonic() - started:.1f} s")


def dead_rows() -> int:
    """PostgreSQL: the dead rows its statistics count in this database (a rolled-back bulk write leaves
    all of its rows dead until a VACUUM; the project's machines run no autovacuum). 0 elsewhere."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables")
        return int(cursor.fetchone()[0])
