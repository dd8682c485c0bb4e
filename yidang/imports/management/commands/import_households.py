"""python manage.py import_households FILE --project CODE [--dry-run] [--user USERNAME]"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.core.errors import DomainError
from yidang.imports.actions import ImportReport, households_import
from yidang.imports.jobs import COUNT_LABELS
from yidang.places.models import Project


class Command(BaseCommand):
    help = "导入业户基本情况汇总表（.xlsx）。有任何错误时不写入数据，并以非零状态退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--project", required=True, help="project code, e.g. HY")
        parser.add_argument("--dry-run", action="store_true", help="check and report only; write nothing")
        parser.add_argument("--user", help="username recorded as the actor in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(code__iexact=options["project"]).first()
        if project is None:
            raise CommandError(f"项目 {options['project']} 不存在")
        actor = self._actor(options.get("user"), project)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件 {path} 不存在")
        started = time.perf_counter()
        try:
            report = households_import(
                project=project,
                data=path.read_bytes(),
                actor=actor,
                commit=not options["dry_run"],
                file_name=path.name,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self._print(report, time.perf_counter() - started)

    def _actor(self, username: str | None, project: Project) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在")
        if project.pk not in project_ids_of(user) or not user.has_perm("households.import_households"):
            raise CommandError(f"用户 {username} 不能向项目 {project.code} 导入数据")
        return user

    def _print(self, report: ImportReport, seconds: float) -> None:
        for error in report.errors:
            self.stderr.write(f"第 {error.row} 行\t{error.column or '-'}\t{error.message}")
        if report.errors:
            raise CommandError(f"发现 {len(report.errors)} 处错误，没有写入任何数据")
        verb = "已导入" if report.committed else "预览（未写入）"
        rate = report.rows / seconds if seconds > 0 else 0.0
        self.stdout.write(
            f"{verb}：{report.rows} 行，跳过空行 {report.skipped_rows} 行，用时 {seconds:.1f} 秒（{rate:.0f} 行/秒）"
        )
        for key, label in COUNT_LABELS.items():
            if key in report.counts:
                self.stdout.write(f"  {label}：{report.counts[key]}")
