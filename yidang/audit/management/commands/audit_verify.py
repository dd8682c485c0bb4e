"""Walk the audit hash chain in seq order; exit 1 naming the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yidang.audit.chain import chain_verify
from yidang.audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "校验审计日志的哈希链（按 seq 顺序流式读取）。完好时打印一行摘要并以 0 退出；"
        "有记录被改动、删除、插入或调换时，指出第一处断裂并以非零状态退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=5000, help="rows fetched per round trip")

    def handle(self, *args: Any, chunk_size: int = 5000, **options: Any) -> None:
        report = chain_verify(AuditEvent, chunk_size=chunk_size)
        if not report.intact:
            raise CommandError(
                f"audit chain broken at seq {report.broken_seq}: {report.problem} "
                f"({report.rows:,} rows before it are intact)"
            )
        if not report.rows:
            self.stdout.write("audit chain intact: 0 rows")
            return
        self.stdout.write(
            f"audit chain intact: {report.rows:,} rows, seq {report.first_seq}–{report.last_seq}, head {report.head}"
        )
