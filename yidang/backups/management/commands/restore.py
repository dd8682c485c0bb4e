"""Restore a backup into an empty database and an empty file storage."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yidang.backups.actions import backup_restore
from yidang.core.errors import DomainError


class Command(BaseCommand):
    help = "把一份备份恢复到空数据库和空文件存储（先逐一核对 SHA-256）；数据库或存储不为空时拒绝。"

    failed = "恢复失败"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", help="一份备份的位置，或备份位置本身（恢复其中最新的完成的一份）")

    def handle(self, *args: Any, src: str, **options: Any) -> None:
        try:
            run = backup_restore(url=src, say=self.stdout.write)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except (OSError, BotoCoreError, ClientError) as exc:  # the destination: disk full, unreachable, refused
            raise CommandError(f"{self.failed}：{exc}") from exc
        self.stdout.write(f"已恢复 {run.location}：{run.rows} 行数据，{run.files} 个文件")
