"""Reads of the backup record: recent runs, and whether the backups and the fixity checks are in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from yidang.backups.models import PROGRESS_KEY, BackupRun, RunKind, RunStatus
from yidang.core.todo import TodoItem

PERMISSION = "backups.view_backuprun"
STALE_AFTER = timedelta(minutes=10)  # a running run that said nothing for this long was stopped
OVERDUE_AFTER = timedelta(hours=36)  # a nightly backup older than this means one was missed


def runs_recent(limit: int = 50) -> QuerySet[BackupRun]:
    return BackupRun.objects.order_by("-started_at", "-id")[:limit]


def run_progress(run: BackupRun) -> dict[str, Any] | None:
    """The latest progress of a running run: ``line`` and ``stale`` (no word from it for a while)."""
    if run.status != RunStatus.RUNNING:
        return None
    state = cache.get(PROGRESS_KEY.format(run.pk))
    said = parse_datetime(state["at"]) if state else None
    last = said or run.started_at
    return {"line": state["line"] if state else "", "stale": timezone.now() - last > STALE_AFTER}


@dataclass(frozen=True)
class Health:
    last_ok: BackupRun | None
    last_backup: BackupRun | None
    last_fixity: BackupRun | None
    overdue: bool

    @property
    def backup_failed(self) -> bool:
        return bool(self.last_backup and self.last_backup.status == RunStatus.FAILED)

    @property
    def fixity_failed(self) -> bool:
        return bool(self.last_fixity and self.last_fixity.status == RunStatus.FAILED)


def backup_health() -> Health:
    backups = BackupRun.objects.filter(kind=RunKind.BACKUP).order_by("-started_at", "-id")
    finished = backups.exclude(status=RunStatus.RUNNING)
    last_ok = finished.filter(status=RunStatus.OK).first()
    fixity = BackupRun.objects.filter(kind=RunKind.FIXITY).exclude(status=RunStatus.RUNNING)
    overdue = bool(settings.YIDANG_BACKUP_DEST) and (
        last_ok is None or timezone.now() - last_ok.started_at > OVERDUE_AFTER
    )
    return Health(last_ok, finished.first(), fixity.order_by("-started_at", "-id").first(), overdue)


def todo_for(user: Any) -> list[TodoItem]:
    """For those who watch the backups: a failed or missed backup, scans found altered."""
    if not user.has_perm(PERMISSION):
        return []
    health = backup_health()
    url = reverse("backups:status")
    return [
        TodoItem(_("备份失败或超过 36 小时未成功"), int(health.backup_failed or health.overdue), url, urgent=True),
        TodoItem(_("扫描件校验发现异常"), health.last_fixity.problems if health.fixity_failed else 0, url, urgent=True),  # type: ignore[union-attr]
    ]
