"""One long write on a side thread while this thread does pure Python work meanwhile.

A bulk write spends seconds waiting for the server (an INSERT … SELECT, or a COPY and the
foreign-key checks at the end of it) with nothing to do on the client, while rows that depend
only on memory wait to be made. ``beside(write)`` runs ``write(cursor)`` on a side thread with a
cursor of this same database connection (same session, same transaction) and lets the body
make those rows on the other core. The body must not use the database meanwhile: any query
from it raises. Errors of the write come out as Django's database errors, as any query's would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.db import connection


class BusyConnection(RuntimeError):
    """A query was made while the connection was writing on the side thread."""


def _refuse(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    raise BusyConnection(f"the connection is busy with a write on the side thread: {sql[:80]}")


@contextmanager
def beside(write: Callable[[Any], object]) -> Iterator[None]:
    """Run ``write(cursor)`` (a psycopg cursor of this connection) while the body runs; leaving
    waits for it. Must be inside a transaction, which ``write`` joins."""
    if not connection.in_atomic_block:
        raise RuntimeError("beside() runs inside the caller's transaction")
    connection.ensure_connection()
    raw = connection.connection
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="yidang-beside") as pool:
        future = pool.submit(_on_side, raw, write)
        try:
            with connection.execute_wrapper(_refuse):
                yield
        finally:
            with connection.wrap_database_errors:
                future.result()


def _on_side(raw: Any, write: Callable[[Any], object]) -> None:
    with raw.cursor() as cursor:
        write(cursor)
