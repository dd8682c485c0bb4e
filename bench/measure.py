"""Timing one kind of request: over HTTP against gunicorn, and its SQL replayed on a bare cursor.

For every request the bench first runs it once in-process (Django's test client, same user and
auth) to record every SQL statement it issues, with parameters; then replays exactly those
statements on the psycopg cursor under Django's connection (the "raw SQL" time); then sends the
request to the real server over HTTP. The capture run touches the same rows first, so both
timings are warm-cache figures.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from django.db import connection
from django.test import Client

from bench.server import get

WARMUP = 10


@dataclass
class Target:
    """One request to time: the path, its HTTP headers and an in-process client with the same auth."""

    path: str
    headers: dict[str, str]
    client: Client


@dataclass
class Series:
    name: str
    scope: str
    target_p95_ms: float | None
    http_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    empty_results: int = 0
    searches: bool = True
    load_average: list[float] = field(default_factory=list)  # 1-minute load at the start and at the end

    def summary(self) -> dict[str, Any]:
        http = {f"p{p}": percentile(self.http_ms, p) for p in (50, 95, 99)}
        sql = {f"p{p}": percentile(self.sql_ms, p) for p in (50, 95, 99)}
        return {
            "name": self.name,
            "scope": self.scope,
            "requests": len(self.http_ms),
            "http_ms": http,
            "sql_ms": sql,
            "ratio_p50": _ratio(http["p50"], sql["p50"]),
            "ratio_p95": _ratio(http["p95"], sql["p95"]),
            "queries_per_request": max(self.queries) if self.queries else 0,
            "target_p95_ms": self.target_p95_ms,
            "target_met": None if self.target_p95_ms is None else http["p95"] <= self.target_p95_ms,
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
            "empty_results": self.empty_results,
            "slowest": self.slowest(),
            "load_average": self.load_average,
        }

    def slowest(self, n: int = 5) -> list[dict[str, Any]]:
        """The slowest requests over HTTP, with their SQL time: which values make the tail."""
        rows = sorted(zip(self.http_ms, self.sql_ms, self.paths, strict=True), reverse=True)[:n]
        return [{"path": unquote(path), "http_ms": round(h, 2), "sql_ms": round(s, 2)} for h, s, path in rows]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p50 of 200 values is the 100th smallest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _ratio(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else math.nan


def capture(target: Target) -> tuple[int, bytes, list[tuple[str, Any, bool]]]:
    """Run the request in-process; its status, body and every statement it executed."""
    statements: list[tuple[str, Any, bool]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = target.client.get(target.path)
    return response.status_code, response.content, statements


def replay(statements: list[tuple[str, Any, bool]]) -> float:
    """Milliseconds to execute ``statements`` on the bare psycopg cursor, fetching every row."""
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        started = time.perf_counter()
        for sql, params, many in statements:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def _found_nothing(body: bytes) -> bool:
    try:
        return json.loads(body).get("count", 0) == 0
    except (ValueError, AttributeError):
        return False


def run_series(series: Series, targets: Sequence[Target], port: int) -> Series:
    series.load_average.append(round(os.getloadavg()[0], 2))
    for target in targets[:WARMUP]:
        get(port, target.path, target.headers)
    for target in targets:
        try:
            status, body, statements = capture(target)
            if status != 200:
                series.errors.append(f"in-process {target.path}: HTTP {status}")
                continue
            sql_ms = replay(statements)
            status, http_ms, body = get(port, target.path, target.headers)
        except Exception as exc:  # a broken request must show up in the report, not end the run
            series.errors.append(f"{target.path}: {type(exc).__name__}: {exc}")
            continue
        if status != 200:
            series.errors.append(f"{target.path}: HTTP {status}")
            continue
        if series.searches and _found_nothing(body):
            series.empty_results += 1
        series.http_ms.append(http_ms)
        series.sql_ms.append(sql_ms)
        series.queries.append(len(statements))
        series.paths.append(target.path)
    series.load_average.append(round(os.getloadavg()[0], 2))
    return series
