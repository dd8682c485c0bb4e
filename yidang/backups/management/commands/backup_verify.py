"""Re-hash a backup's dump and files against its manifest; exit non-zero naming what is wrong."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yidang.backups.actions import backup_verify
from yidang.core.errors import DomainError


class Command(BaseCommand):
    help = "校验一份备份：重新计算数据库转储和每个文件的 SHA-256 并与清单核对；有问题时逐项列出并以非零状态退出。"

    failed = "无法读取备份"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", help="一份备份的位置，或备份位置本身（校验其中最新的一份）")

    def handle(self, *args: Any, src: str, **options: Any) -> None:
        try:
            report = backup_verify(url=src, say=self.stdout.write)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except (OSError, BotoCoreError, ClientError) as exc:  # the destination: disk full, unreachable, refused
            raise CommandError(f"{self.failed}：{exc}") from exc
        for problem in report.problems:
            self.stdout.write(f"校验失败：{problem}")
        self.stdout.write(f"共校验 {report.files} 个文件（{report.bytes} 字节），异常 {len(report.problems)} 项")
        if report.problems:
            raise CommandError(f"备份 {report.backup} 校验失败：{len(report.problems)} 项异常")
        self.stdout.write(f"备份 {report.backup} 完好")
