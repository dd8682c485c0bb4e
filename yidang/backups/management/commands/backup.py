"""Back up the database and every stored file to a folder or an S3 bucket, with a manifest written last."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yidang.backups.actions import backup_create, backups_prune
from yidang.core.errors import DomainError


class Command(BaseCommand):
    help = "备份数据库（一致性快照）和所有存储的文件到 DEST（文件夹或 s3://存储桶/前缀），最后写入清单。"

    failed = "备份失败"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", help="备份位置：文件夹路径或 s3://存储桶/前缀；每次备份新建子文件夹 yidang-<时间>")
        parser.add_argument("--keep", type=int, help="备份完成后只保留最新的 N 份")

    def handle(self, *args: Any, dest: str, keep: int | None = None, **options: Any) -> None:
        if keep is not None and keep < 1:
            raise CommandError("--keep 至少为 1")
        try:
            run = backup_create(url=dest, say=self.stdout.write)
            removed = backups_prune(url=dest, keep=keep) if keep else []
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except (OSError, BotoCoreError, ClientError) as exc:  # the destination: disk full, unreachable, refused
            raise CommandError(f"{self.failed}：{exc}") from exc
        for name in removed:
            self.stdout.write(f"已删除旧备份 {name}")
        self.stdout.write(f"{run.location}：{run.rows} 行数据，{run.files} 个文件，{run.bytes} 字节")
