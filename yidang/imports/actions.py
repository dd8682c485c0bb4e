"""Importing the household summary (业户基本情况汇总表) into a project: preview or commit.

``households_import`` is the one way in, used by the web pages (through an ImportJob and a
Huey task), the API and ``manage.py import_households``. A commit is all-or-nothing: the
whole sheet is validated first and any error means nothing is written; the writes run in one
transaction holding the project's row lock, so two imports into one project take turns. They
are planned and written a slice of rows at a time, so the progress bar moves while they run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.core.errors import DomainError
from yidang.imports.plan import Plan, Planner
from yidang.imports.rows import RowError, RowInput, RowParser, duplicate_errors
from yidang.imports.sheet import Sheet, read_sheet
from yidang.imports.state import load_state
from yidang.imports.write import checks_immediate, import_summary_write, plan_write
from yidang.places.models import Project

Progress = Callable[[str, int, int], None]  # (phase, done, total)
PROGRESS_EVERY = 2000
SLICE_ROWS = 5000


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass
class ImportReport:
    """What an import found (preview) or did (commit)."""

    project_id: int
    file_name: str
    committed: bool = False
    sheet_name: str = ""
    header_row: int = 0
    rows: int = 0  # rows with data
    skipped_rows: int = 0  # empty rows, repeated headers, totals
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    new_buildings: list[str] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    new_rooms: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A 100,000-row import holds millions of small objects; the cyclic garbage collector scanning
    them over and over made a row cost twice as much as in a 10,000-row import. Reference
    counting still frees everything; nothing here builds cycles that must be collected."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def households_import(
    *,
    project: Project,
    data: bytes,
    actor: Any,
    commit: bool,
    file_name: str = "",
    progress: Progress = _no_progress,
) -> ImportReport:
    """Check ``data`` (an .xlsx) against ``project``; with ``commit`` and no errors, write it.

    File-level problems (size, type, no header row) raise DomainError; row problems come back
    in ``report.errors``, each with its Excel row number, column header and reason.
    """
    with _collector_paused():
        return _import(project, data, actor=actor, commit=commit, file_name=file_name, progress=progress)


def _import(
    project: Project, data: bytes, *, actor: Any, commit: bool, file_name: str, progress: Progress
) -> ImportReport:
    progress("read", 0, 1)
    sheet = read_sheet(data)
    report = ImportReport(project.pk, file_name, sheet_name=sheet.name, header_row=sheet.header_row)
    report.ignored_headers = sheet.ignored_headers
    rows = _parse(sheet, project, report, progress)
    if not commit or report.errors:
        _describe(report, [Planner(load_state(project), timezone.localdate()).run(rows)])
        return report
    try:
        plans = _write(project, rows, actor=actor, file_name=file_name, progress=progress)
    except IntegrityError as exc:  # someone changed the same rooms at the same moment
        raise DomainError(_("导入时这些房屋正被其他操作修改，没有写入任何数据，请重新导入")) from exc
    report.committed = True
    _describe(report, plans)
    return report


def _write(project: Project, rows: list[RowInput], *, actor: Any, file_name: str, progress: Progress) -> list[Plan]:
    """Plan and write ``rows`` slice by slice in one transaction; the import's audit row last.

    Each slice is planned against the state the slices before it left (``Planner.run_slice``):
    rows name different rooms, and a person or company changes only on the first row naming them,
    so the rows written are those of one plan of the whole sheet.
    """
    plans: list[Plan] = []
    progress("write", 0, len(rows))
    with transaction.atomic():
        state = load_state(Project.objects.select_for_update().get(pk=project.pk))
        checks_immediate()
        planner = Planner(state, timezone.localdate())
        for start in range(0, len(rows), SLICE_ROWS):
            plans.append(planner.run_slice(rows[start : start + SLICE_ROWS]))
            plan_write(plans[-1], state, actor=actor, file_name=file_name)
            progress("write", min(start + SLICE_ROWS, len(rows)), len(rows))
        import_summary_write(state.project, _counts(plans), actor=actor, file_name=file_name)
    return plans


def _parse(sheet: Sheet, project: Project, report: ImportReport, progress: Progress) -> list[RowInput]:
    projects = {}
    for code, name in Project.objects.values_list("code", "name"):
        projects[code.upper()] = projects[name.upper()] = (code, name)
    parser = RowParser(project, sheet.columns, projects)
    total = sheet.data_row_count
    rows: list[RowInput] = []
    for done, (number, cells) in enumerate(sheet.data_rows(), start=1):
        before = len(parser.errors)
        parsed = parser.parse(number, cells)
        if parsed is not None:
            rows.append(parsed)
        elif len(parser.errors) == before:
            report.skipped_rows += 1
        if done % PROGRESS_EVERY == 0:
            progress("check", done, total)
    progress("check", total, total)
    report.rows = total - report.skipped_rows
    duplicates = duplicate_errors(rows)
    report.errors = sorted(parser.errors + duplicates, key=lambda e: e.row)
    repeated = {error.row for error in duplicates}
    return [row for row in rows if row.row not in repeated]


def _counts(plans: list[Plan]) -> dict[str, int]:
    total: dict[str, int] = {}
    for plan in plans:
        for key, count in plan.counts().items():
            total[key] = total.get(key, 0) + count
    return total


def _describe(report: ImportReport, plans: list[Plan]) -> None:
    report.counts = _counts(plans) if plans else Plan(today=timezone.localdate()).counts()
    report.new_buildings = [b.code for plan in plans for b in plan.new_buildings]
    report.new_units = [f"{u.building.code}栋{u.code}单元" for plan in plans for u in plan.new_units]
    report.new_rooms = [r.code for plan in plans for r in plan.new_rooms]
