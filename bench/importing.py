"""Import throughput: a generated household summary (业户基本情况汇总表) committed into an empty project.

The workbook is written once with openpyxl in write-only mode, with the template's headers and
one row per room (about 85 % with an owner, ID number, phones, contact and plates), and kept in
``bench-results/`` for later runs. The import runs the real commit path
(``yidang.imports.actions.households_import``) inside a transaction that is rolled back at the
end, so the bench database stays as seeded; just before the rollback, ``SET CONSTRAINTS ALL
IMMEDIATE`` runs the deferred foreign-key checks a commit would run, and they are timed too.

Then the database's floor for the same import (``copy_floor``): every row the import wrote, copied
out before the rollback, is written again by ``COPY`` from memory in one transaction (timed, rolled
back) — the same rows, indexes and foreign-key checks with no Python making anything. No importer
can be faster than that on the machine; the import's figure is read against it.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from yidang.demo.households import HouseholdMaker, HouseholdPlan
from yidang.demo.identity import ResidentIds
from yidang.demo.layout import ProjectPlan, buildings_of
from yidang.households.models import OccupantRole

IMPORT_PLAN = ProjectPlan(
    "BENCHIMP", "导入测试小区", "estate", "residential", "", "津B", "022", "天津", date(2015, 6, 1)
)
FALLBACK_HEADERS = ["楼栋", "单元", "楼层", "房号", "建筑面积", "房屋用途", "业户类型", "姓名", "性别", "证件类型", "证件号码",
                    "联系电话", "籍贯", "户口所在地", "入伙日期", "紧急联系人", "紧急联系电话", "车牌号", "备注"]  # fmt: skip


def headers() -> list[str]:
    try:
        from yidang.imports.columns import COLUMNS
    except ImportError:
        return FALLBACK_HEADERS
    return [c.header for c in COLUMNS]


def _row(h: HouseholdPlan) -> dict[str, Any]:
    """One row of the sheet by header: the room, and its owner when it has one."""
    r = h.room
    row: dict[str, Any] = {"楼栋": r.building, "单元": r.unit, "楼层": r.floor, "房号": r.number,
                           "建筑面积": float(r.area), "房屋用途": "住宅"}  # fmt: skip
    owner = next((o.person for o in h.current if o.role == OccupantRole.OWNER and o.person), None)
    if owner is None:
        return row
    row |= {"业户类型": "业主", "姓名": owner.name, "性别": "男" if owner.sex == "M" else "女", "证件类型": "身份证",
            "证件号码": owner.id_number, "联系电话": "、".join(p for p in (owner.phone, owner.phone2) if p),
            "籍贯": owner.native_place, "户口所在地": owner.hukou_place, "入伙日期": h.move_in}  # fmt: skip
    if h.contacts:
        row["紧急联系人"], row["紧急联系电话"] = h.contacts[0][0], h.contacts[0][1]
    if h.vehicles:
        row["车牌号"] = "、".join(v.plate for v in h.vehicles)
    return row


def workbook_write(path: Path, rows: int) -> None:
    """A household summary of ``rows`` rooms, deterministic (seed 1)."""
    from openpyxl import Workbook

    names = headers()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("业户基本情况汇总表")
    sheet.append(names)
    plan = replace(IMPORT_PLAN, households=rows)
    rng = random.Random("yidang-bench-import:1")
    maker = HouseholdMaker(plan, rng, ResidentIds())
    for _, rooms in buildings_of(plan, rng):
        for room in rooms:
            row = _row(maker.make(room))
            sheet.append([row.get(name) for name in names])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


@dataclass
class ImportResult:
    rows: int
    seconds: float = 0.0
    committed: bool = False
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    file_bytes: int = 0
    floor_seconds: float = 0.0  # the same rows written again by COPY alone (``copy_floor``)
    table_rows: dict[str, int] = field(default_factory=dict)  # rows the import wrote, by table

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def floor_rows_per_second(self) -> float:
        return self.rows / self.floor_seconds if self.floor_seconds else 0.0


def _written_tables() -> list[tuple[str, str]]:
    """(table, primary key column) of everything an import writes, parents before children."""
    from yidang.archive.models import Archive, ChecklistItem
    from yidang.audit.models import AuditEvent
    from yidang.households.models import EmergencyContact, Occupancy, SearchToken, Vehicle
    from yidang.people.models import Organization, Person
    from yidang.places.models import Building, Project, Room, Unit
    from yidang.timeline.models import TimelineEvent

    models = [Project, Building, Unit, Room, Person, Organization, Occupancy, EmergencyContact, Vehicle, Archive,
              ChecklistItem, SearchToken, TimelineEvent, AuditEvent]  # fmt: skip
    return [(m._meta.db_table, str(m._meta.pk.column)) for m in models]  # type: ignore[union-attr]


def _tops(tables: list[tuple[str, str]]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT COALESCE(MAX({pk}), 0) FROM {t}" for t, pk in tables))
        return {t: int(row[0]) for (t, _pk), row in zip(tables, cursor.fetchall(), strict=True)}


def _rows_since(tables: list[tuple[str, str]], tops: dict[str, int]) -> dict[str, bytes]:
    """Every row above ``tops`` (this transaction's), in COPY's text format, by table."""
    out = {}
    with connection.cursor() as cursor:
        for table, pk in tables:
            buffer = bytearray()
            with cursor.cursor.copy(f"COPY (SELECT * FROM {table} WHERE {pk} > {tops[table]}) TO STDOUT") as copy:
                for data in copy:
                    buffer += data
            out[table] = bytes(buffer)
    return out


def copy_floor(written: dict[str, bytes]) -> float:
    """Seconds to write ``written`` again by COPY, foreign keys checked as the import checks them; rolled back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        started = time.perf_counter()
        for table, data in written.items():
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(data)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def import_measure(path: Path, rows: int) -> ImportResult:
    """Commit ``path`` into a new, empty project and roll everything back; the time includes FK checks."""
    from yidang.accounts.models import User
    from yidang.demo.actions import COMPANY_NAME, project_ensure
    from yidang.imports.actions import households_import
    from yidang.places.models import Company

    data = path.read_bytes()
    result = ImportResult(rows=rows, file_bytes=len(data))
    actor = User.objects.get(username="bench")
    tables = _written_tables()
    with transaction.atomic():
        tops = _tops(tables)
        project = project_ensure(plan=IMPORT_PLAN, company=Company.objects.get(name=COMPANY_NAME))
        started = time.perf_counter()
        report = households_import(project=project, data=data, actor=actor, commit=True, file_name=path.name)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        result.seconds = time.perf_counter() - started
        written = _rows_since(tables, tops)
        transaction.set_rollback(True)
    result.table_rows = {table: rows.count(b"\n") for table, rows in written.items()}
    if report.committed:
        result.floor_seconds = copy_floor(written)
    result.committed = report.committed
    result.counts = dict(report.counts)
    result.errors = [str(e) for e in report.errors[:5]]
    if report.rows != rows:
        result.errors.append(f"the importer read {report.rows} data rows, expected {rows}")
    return result
