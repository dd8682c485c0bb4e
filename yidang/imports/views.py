"""Pages: upload → preview (errors, what is new) → confirm → result; template, annotated sheet, export."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yidang.accounts.models import User
from yidang.core.errors import DomainError
from yidang.imports.export import households_export
from yidang.imports.forms import ExportForm, ImportUploadForm
from yidang.imports.jobs import COUNT_LABELS, import_job_commit, import_job_create, import_jobs_visible_to, progress_of
from yidang.imports.models import ImportJob
from yidang.imports.rows import RowError
from yidang.imports.xlsx import annotated_workbook, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 20
ERRORS_ON_PAGE = 1000
IMPORT_PERM = "households.import_households"
EXPORT_PERM = "households.export_households"


def _import_or_export(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.has_perm(IMPORT_PERM) or request.user.has_perm(EXPORT_PERM)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@_import_or_export
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload form, export form and the recent import jobs of the user's projects."""
    return _list_page(request, ImportUploadForm(user=_user(request)))


def _list_page(request: HttpRequest, form: ImportUploadForm, status: int = 200) -> HttpResponse:
    user = _user(request)
    context = {
        "form": form if user.has_perm(IMPORT_PERM) else None,
        "export_form": ExportForm(user=user) if user.has_perm(EXPORT_PERM) else None,
        "jobs": import_jobs_visible_to(user)[:RECENT_JOBS],
    }
    return render(request, "imports/list.html", context, status=status)


@login_required
@permission_required(IMPORT_PERM, raise_exception=True)
@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES, user=_user(request))
    if not form.is_valid():
        return _list_page(request, form, status=400)
    try:
        job = import_job_create(
            user=_user(request),
            project=form.cleaned_data["project"],
            data=form.file_bytes,
            file_name=form.cleaned_data["file"].name,
            mode=ImportJob.Mode.PREVIEW,
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _list_page(request, form, status=400)
    return redirect("imports:job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(import_jobs_visible_to(_user(request)), pk=pk)


@login_required
@permission_required(IMPORT_PERM, raise_exception=True)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job page: progress while it runs, then the preview or the result."""
    job = _job(request, pk)
    context = {
        "job": job,
        "progress": progress_of(job),
        "errors": job.errors[:ERRORS_ON_PAGE],
        "summary": job.summary,
        "counts": _count_rows(job),
    }
    return render(request, "imports/job.html", context)


@login_required
@permission_required(IMPORT_PERM, raise_exception=True)
def import_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; once the job is done the page reloads."""
    job = _job(request, pk)
    response = render(request, "imports/_progress.html", {"job": job, "progress": progress_of(job)})
    if job.finished:
        response["HX-Refresh"] = "true"
    return response


@login_required
@permission_required(IMPORT_PERM, raise_exception=True)
@require_POST
def import_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        import_job_commit(job=job, user=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("imports:job", pk=job.pk)


@login_required
@permission_required(IMPORT_PERM, raise_exception=True)
def import_job_annotated(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded sheet with a 错误说明 column and the bad cells filled red."""
    job = _job(request, pk)
    with job.file.open("rb") as handle:
        data = handle.read()
    errors = [RowError(e["row"], e["column"], e["message"]) for e in job.errors]
    content = annotated_workbook(
        data, sheet_name=job.summary.get("sheet_name", ""), header_row=job.summary.get("header_row", 1), errors=errors
    )
    name = job.file_name.rsplit(".", 1)[0] + "-错误说明.xlsx"
    return _download(content, name)


@login_required
@permission_required(IMPORT_PERM, raise_exception=True)
def import_template(request: HttpRequest) -> HttpResponse:
    return _download(template_workbook(), "业户基本情况汇总表-导入模板.xlsx")


@login_required
@permission_required(EXPORT_PERM, raise_exception=True)
def households_export_view(request: HttpRequest) -> HttpResponseBase:
    """The sheet of the user's households (one project or all of theirs), streamed from a temp file."""
    form = ExportForm(request.GET, user=_user(request))
    if not form.is_valid():
        messages.error(request, _("请选择您所在的项目"))
        return redirect("imports:list")
    exported = households_export(user=_user(request), project=form.cleaned_data["project"])
    return FileResponse(exported.file, as_attachment=True, filename=exported.file_name, content_type=XLSX)


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _count_rows(job: ImportJob) -> list[tuple[str, int]]:
    """The non-zero counts, labelled."""
    return [(str(label), job.counts[key]) for key, label in COUNT_LABELS.items() if job.counts.get(key)]
