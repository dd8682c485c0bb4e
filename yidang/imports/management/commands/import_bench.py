"""python manage.py import_bench [--rows 100000]: rows per second of a full import into an empty project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from yidang.imports.bench import run_import_bench, write_bench_workbook


class Command(BaseCommand):
    help = (
        "Measure the household import: generate (or reuse) an N-row workbook, preview and commit it into a new project."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--file", help="workbook to use instead of the generated one")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = options["rows"]
        path = (
            Path(options["file"]) if options["file"] else Path(settings.VAR_DIR) / "bench" / f"households-{rows}.xlsx"
        )
        write_bench_workbook(path, rows)
        code = "IB" + timezone.now().strftime("%m%d%H%M%S")
        result = run_import_bench(path, project_code=code)
        counts = result.report.counts
        self.stdout.write(
            f"import {result.rows} rows ({connection.vendor}, {path.stat().st_size / 1e6:.1f} MB, project {code}): "
            f"preview {result.preview_seconds:.1f} s = {result.preview_rows_per_second:,.0f} rows/s; "
            f"commit {result.commit_seconds:.1f} s = {result.rows_per_second:,.0f} rows/s "
            f"(rooms {counts['new_rooms']}, persons {counts['new_persons']}, occupancies {counts['new_occupancies']})"
        )
