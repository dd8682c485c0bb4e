"""Re-hash every stored scan and report any whose bytes changed or vanished (exit 1 if any)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yidang.archive.actions import scan_fixity_record
from yidang.archive.models import Scan
from yidang.archive.scans import stored_sha256
from yidang.places.models import Project

BATCH = 500


class Command(BaseCommand):
    help = "校验所有扫描件的 SHA-256（流式读取），报告被改动或缺失的文件；有异常时以非零状态退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", help="只校验该项目（项目编码，如 HY）")

    def handle(self, *args: Any, project: str | None = None, **options: Any) -> None:
        scans = Scan.objects.select_related("document__archive").order_by("id")
        if project:
            if not Project.objects.filter(code=project).exists():
                raise CommandError(f"没有项目 {project}")
            scans = scans.filter(document__archive__project__code=project)
        checked, bad = 0, 0
        by_file: dict[str, str] = {}  # content-addressed: one file may back several versions
        batch: dict[int, str] = {}
        for scan in scans.iterator(chunk_size=BATCH):
            problem = by_file.get(scan.storage_name)
            if problem is None:
                problem = by_file.setdefault(scan.storage_name, self._problem(scan))
            if problem:
                bad += 1
                self.stdout.write(self._line(scan, problem))
            batch[scan.pk] = problem
            checked += 1
            if len(batch) >= BATCH:
                scan_fixity_record(checked=batch, at=timezone.now())
                batch = {}
        if batch:
            scan_fixity_record(checked=batch, at=timezone.now())
        self.stdout.write(f"共校验 {checked} 个扫描件，异常 {bad} 个")
        if bad:
            raise CommandError(f"{bad} 个扫描件校验失败")

    def _problem(self, scan: Scan) -> str:
        """ "" when the stored bytes are the ones recorded at ingest, else what is wrong."""
        try:
            sha256, size = stored_sha256(scan.storage_name)
        except FileNotFoundError:
            return "文件缺失"
        except OSError as exc:
            return f"无法读取（{exc.strerror or exc}）"
        if sha256 != scan.sha256:
            return f"内容已被改动（记录 {scan.sha256[:12]}…，实际 {sha256[:12]}…，{size} 字节）"
        if size != scan.size:
            return f"大小不符（记录 {scan.size} 字节，实际 {size} 字节）"
        return ""

    def _line(self, scan: Scan, problem: str) -> str:
        doc = scan.document
        return f"校验失败 {doc.archive.number} 第{doc.item_no}件《{doc.title}》第{scan.version}版 {scan.storage_name}：{problem}"
