"""Runs of backups, restores and scheduled fixity checks: what ran, where to, and how it ended."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The cache key of a run's latest progress (the run's row is written only at its start and end).
PROGRESS_KEY = "backups:progress:{}"


class RunKind(models.TextChoices):
    BACKUP = "backup", _("备份")
    RESTORE = "restore", _("恢复")
    FIXITY = "fixity", _("扫描件校验")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    OK = "ok", _("成功")
    FAILED = "failed", _("失败")


class BackupRun(models.Model):
    """One run. A backup's row is written after its database snapshot, so no dump contains its own run."""

    kind = models.CharField(_("类型"), max_length=10, choices=RunKind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    location = models.CharField(_("位置"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    files = models.PositiveIntegerField(_("文件数"), default=0)
    bytes = models.PositiveBigIntegerField(_("字节数"), default=0)
    rows = models.PositiveBigIntegerField(_("数据行数"), default=0)
    problems = models.PositiveIntegerField(_("异常数"), default=0)
    message = models.TextField(_("结果说明"), blank=True)

    class Meta:
        verbose_name = _("备份记录")
        verbose_name_plural = _("备份记录")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["kind", "-started_at"], name="backups_run_kind_started")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M} {self.location}"
