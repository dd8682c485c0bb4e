"""Query plans of the household search: does each kind use the ``searchtoken_lookup`` index?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from yidang.households.search import search_households

INDEX = "searchtoken_lookup"
CHECKED_PER_KIND = 20


@dataclass
class PlanCheck:
    kind: str
    statements: int = 0  # search statements on the token table that were explained
    using_index: int = 0
    seq_scans: int = 0
    example: str = ""  # EXPLAIN ANALYZE of the first value's statements

    def summary(self) -> dict[str, Any]:
        return {"kind": self.kind, "statements": self.statements, "using_index": self.using_index,
                "seq_scans": self.seq_scans}  # fmt: skip


def _search_statements(query: str, project_ids: list[int]) -> list[tuple[str, Any]]:
    statements: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        search_households(query, project_ids)
    return [(sql, params) for sql, params in statements if "households_searchtoken" in sql]


def _explain(sql: str, params: Any, analyze: bool) -> str:
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan_check(kind: str, values: list[str], project_ids: list[int]) -> PlanCheck:
    check = PlanCheck(kind)
    for i, value in enumerate(dict.fromkeys(values[:CHECKED_PER_KIND])):
        for sql, params in _search_statements(value, project_ids):
            plan = _explain(sql, params, analyze=False)
            check.statements += 1
            check.using_index += INDEX in plan
            check.seq_scans += "Seq Scan on households_searchtoken" in plan
            if i == 0:
                analyzed = _explain(sql, params, analyze=True)
                composed = connection.ops.compose_sql(sql, params)  # type: ignore[attr-defined]  # PostgreSQL only
                check.example += f"-- {kind} {value!r}\n{composed}\n{analyzed}\n\n"
    return check
