"""Import jobs: an upload is stored, previewed in the job worker, then committed on confirmation.

Each state change claims the job with a conditional UPDATE (``status=…``), so a double click
or two workers never run one job twice.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.core.errors import DomainError
from yidang.imports.actions import ImportReport, households_import
from yidang.imports.models import MAX_LISTED_ROOMS, MAX_STORED_ERRORS, ImportJob
from yidang.imports.sheet import check_workbook_bytes
from yidang.places.models import Project

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 6 * 3600
PHASES = {"read": _("读取文件"), "check": _("逐行校验"), "write": _("写入数据库"), "done": _("完成")}
COUNT_LABELS = {
    "new_buildings": _("新建楼栋"),
    "new_units": _("新建单元"),
    "new_rooms": _("新建房屋"),
    "updated_rooms": _("更新房屋"),
    "new_persons": _("新建人员"),
    "updated_persons": _("更新人员"),
    "new_organizations": _("新建单位"),
    "new_occupancies": _("新登记入住"),
    "ended_occupancies": _("结束入住（过户、换租）"),
    "new_contacts": _("新建紧急联系人"),
    "updated_contacts": _("更新紧急联系人"),
    "new_vehicles": _("新登记车辆"),
    "unchanged_rows": _("无变化的行"),
    "skipped_rows": _("跳过的空行"),
}


def import_jobs_visible_to(user: User) -> QuerySet[ImportJob]:
    """Jobs of the user's projects, newest first (an SQL filter)."""
    if not user.has_perm("households.import_households"):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(project_id__in=project_ids_of(user)).select_related("project", "created_by")


def import_job_create(*, user: User, project: Project, data: bytes, file_name: str, mode: str) -> ImportJob:
    """Store an uploaded workbook and queue its preview (or its direct commit)."""
    if not user.has_perm("households.import_households") or project.pk not in project_ids_of(user):
        message = gettext("您不能向项目 %(project)s 导入数据") % {"project": project.name}
        raise DomainError(message, field="project", code="forbidden")
    check_workbook_bytes(data)
    job = ImportJob(project=project, created_by=user, file_name=file_name[:200], file_size=len(data), mode=mode)
    job.file.save(file_name or "upload.xlsx", ContentFile(data), save=False)
    job.save()
    _enqueue(job)
    return job


def import_job_commit(*, job: ImportJob, user: User) -> ImportJob:
    """Confirm a preview that found no errors: the commit runs in the job worker."""
    if job.project_id not in project_ids_of(user) or not user.has_perm("households.import_households"):
        raise DomainError(gettext("您不能确认这个导入任务"), code="forbidden")
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.QUEUED, mode=ImportJob.Mode.COMMIT, finished_at=None
    )
    if not claimed:
        raise DomainError(gettext("该导入任务已确认过，或预览未通过，不能再次导入"))
    job.refresh_from_db()
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    from yidang.imports.tasks import import_job_task

    progress_set(job, "read", 0, 1)
    transaction.on_commit(lambda: import_job_task(job.pk))


def import_job_run(*, job_id: int) -> None:
    """Run a queued job (in the worker). Never leaves a job "running" behind."""
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    ):
        return
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        report = households_import(
            project=job.project,
            data=data,
            actor=job.created_by,
            commit=job.mode == ImportJob.Mode.COMMIT,
            file_name=job.file_name,
            progress=lambda phase, done, total: progress_set(job, phase, done, total),
        )
    except DomainError as exc:
        _finish(job, ImportJob.Status.FAILED, message=exc.message)
    except Exception:
        logger.exception("import job %s failed", job_id)
        _finish(job, ImportJob.Status.FAILED, message="导入时发生内部错误，没有写入任何数据。请联系系统管理员")
    else:
        _store(job, report)


def _store(job: ImportJob, report: ImportReport) -> None:
    job.rows_total = report.rows
    job.error_count = len(report.errors)
    job.errors = [e.as_dict() for e in report.errors[:MAX_STORED_ERRORS]]
    job.counts = report.counts | {"skipped_rows": report.skipped_rows}
    job.summary = {
        "sheet_name": report.sheet_name,
        "header_row": report.header_row,
        "new_buildings": report.new_buildings,
        "new_units": report.new_units,
        "new_rooms": report.new_rooms[:MAX_LISTED_ROOMS],
        "ignored_headers": report.ignored_headers,
    }
    if report.committed:
        status = ImportJob.Status.DONE
    else:
        status = ImportJob.Status.INVALID if report.errors else ImportJob.Status.READY
    _finish(job, status)


def _finish(job: ImportJob, status: str, message: str = "") -> None:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.save()
    progress_set(job, "done", 1, 1)


def progress_set(job: ImportJob, phase: str, done: int, total: int) -> None:
    cache.set(job.progress_key, {"phase": phase, "done": done, "total": total}, PROGRESS_SECONDS)


def progress_of(job: ImportJob) -> dict[str, Any]:
    """Rows done / total of the running phase, for the progress bar."""
    found = cache.get(job.progress_key) or {"phase": "read", "done": 0, "total": 1}
    total = max(1, int(found["total"]))
    done = min(int(found["done"]), total)
    return {"phase": str(PHASES.get(found["phase"], "")), "done": done, "total": total, "percent": done * 100 // total}
