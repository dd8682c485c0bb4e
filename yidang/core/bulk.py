"""Fast inserts for bulk paths (import, demo seed): COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
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

    PostgreSQL: drawn from the table's sequence. SQLite: above MAX(id); the import's transaction
    began IMMEDIATE and holds the write lock, so those stay ours. Call inside that transaction.
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
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1  # type: ignore[index]
        return list(range(start, start + count))
