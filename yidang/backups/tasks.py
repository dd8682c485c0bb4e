"""Scheduled backups and fixity checks, run by the Huey consumer (``make worker``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from yidang.backups.actions import backup_create, backups_prune, fixity_run


def local_crontab(spec: str) -> Callable[[datetime], bool]:
    """A five-field cron schedule read in the office's time zone (Huey hands its validators UTC)."""
    minute, hour, day, month, day_of_week = spec.split()
    matches = crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week)
    zone = ZoneInfo(settings.TIME_ZONE)

    def validate(at: datetime) -> bool:
        aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at
        return bool(matches(aware.astimezone(zone).replace(tzinfo=None)))

    return validate


@db_periodic_task(local_crontab(settings.YIDANG_BACKUP_SCHEDULE))
@lock_task("yidang-backup")
def backup_task() -> list[str]:
    """Back up to ``YIDANG_BACKUP_DEST`` and keep the newest ``YIDANG_BACKUP_KEEP``; the names removed."""
    if not settings.YIDANG_BACKUP_DEST:
        return []
    backup_create(url=settings.YIDANG_BACKUP_DEST, say=lambda line: None)
    return backups_prune(url=settings.YIDANG_BACKUP_DEST, keep=settings.YIDANG_BACKUP_KEEP)


@db_periodic_task(local_crontab(settings.YIDANG_FIXITY_SCHEDULE))
@lock_task("yidang-fixity")
def fixity_task() -> int:
    """Re-hash every stored scan (the archive's ``fixity_check``); the number found altered or missing."""
    return fixity_run().problems
