from __future__ import annotations

from django.conf import settings
from django.db import models

from yidang.places.models import Project

MAX_STORED_ERRORS = 5000
MAX_LISTED_ROOMS = 500


class ImportJob(models.Model):
    """One upload of the household summary: its file, what the preview found, what the commit did.

    Runs in the job worker (``imports.tasks``); progress lives in the cache while it runs.
    """

    class Mode(models.TextChoices):
        PREVIEW = "preview", "预览"
        COMMIT = "commit", "导入"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        READY = "ready", "预览通过，待确认"
        INVALID = "invalid", "有错误，未写入"
        DONE = "done", "已导入"
        FAILED = "failed", "失败"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, null=True, blank=True
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    file_name = models.CharField("文件名", max_length=200)
    file_size = models.PositiveIntegerField("文件大小", default=0)
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.PREVIEW)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    counts = models.JSONField("统计", default=dict, blank=True)
    summary = models.JSONField("新建楼栋/单元/房屋", default=dict, blank=True)
    errors = models.JSONField("错误明细", default=list, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project", "-created_at"], name="importjob_project_recent")]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.INVALID, self.Status.DONE, self.Status.FAILED}

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.READY

    @property
    def progress_key(self) -> str:
        return f"imports:job:{self.pk}:progress"
