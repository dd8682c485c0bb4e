"""One click from a page to a printout: PDFs of labels and forms, the catalogue as Excel.

Labels are the archivist's (``shelving.change_location``); the file list and the catalogue show the
documents of files, so they need ``archive.manage_archive``. Every printout writes an audit row
and a row of the usage ledger (kind ``print``, or ``export`` for the Excel catalogue).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.archive.queries import archive_get
from yidang.places.models import Building
from yidang.printing.actions import printout_record
from yidang.printing.jobs import print_job_get, print_job_start, print_job_take
from yidang.shelving import printouts
from yidang.shelving.exports import XLSX, catalogue_xlsx
from yidang.shelving.models import Location, LocationKind
from yidang.shelving.queries import catalogue_rows, location_get
from yidang.shelving.tasks import catalogue_job_task
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

labels_required = permission_required("shelving.change_location", raise_exception=True)
forms_required = permission_required("archive.manage_archive", raise_exception=True)


def _file(body: bytes, filename: str, content_type: str = "application/pdf") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(content_type != "application/pdf", filename) or ""
    return response


def _building(request: HttpRequest, pk: int) -> Building:
    user: User = request.user  # type: ignore[assignment]
    if not user.has_perm("archive.view_archive_file"):
        raise Http404("没有找到该楼栋")
    building = Building.objects.select_related("project").filter(pk=pk, project_id__in=project_ids_of(user)).first()
    if building is None:
        raise Http404("没有找到该楼栋")
    return building


@login_required
@labels_required
def folder_label(request: HttpRequest, pk: int) -> HttpResponse:
    archive = archive_get(request.user, pk)  # type: ignore[arg-type]
    body = printouts.folder_label_pdf(archive, request.user)
    printout_record(actor=request.user, action="print.folder_label", obj=archive, project_id=archive.project_id)
    usage_record(user=request.user, kind=UsageKind.PRINT, archive=archive, what=_("档案袋标签 %(n)s") % {"n": archive})
    return _file(body, f"档案袋标签-{archive.number}.pdf")


@login_required
@forms_required
def file_list(request: HttpRequest, pk: int) -> HttpResponse:
    archive = archive_get(request.user, pk)  # type: ignore[arg-type]
    body = printouts.file_list_pdf(archive, request.user)
    printout_record(actor=request.user, action="print.file_list", obj=archive, project_id=archive.project_id)
    what = _("档案袋文件清单 %(n)s") % {"n": archive}
    usage_record(user=request.user, kind=UsageKind.PRINT, archive=archive, what=what)
    return _file(body, f"档案袋文件清单-{archive.number}.pdf")


# Above this many rows (files + documents) the catalogue is rendered by the job worker: WeasyPrint
# lays out about 150 table rows per CPU second, so 400 rows take ~3 s and 3,000 rows ~20 s.
CATALOGUE_INLINE_ROWS = 400


@login_required
@forms_required
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    """档案目录 of a building: at once when short, otherwise through a print job the page waits for."""
    building = _building(request, pk)
    filename = f"档案目录-{building.project.code}-{building.code}.pdf"
    background = catalogue_rows(building.pk) > CATALOGUE_INLINE_ROWS
    printout_record(
        actor=request.user,
        action="print.catalogue",
        obj=building,
        project_id=building.project_id,
        data={"background": background},
    )
    what = _("档案目录 %(p)s %(b)s") % {"p": building.project.name, "b": building}
    usage_record(user=request.user, kind=UsageKind.PRINT, project_id=building.project_id, what=what)
    if background:
        title = _("%(p)s %(b)s 档案目录") % {"p": building.project.name, "b": building}
        job = print_job_start(user=request.user, title=title, filename=filename)
        catalogue_job_task(job.key, building.pk, request.user.pk)
        return redirect("shelving:print-job", key=job.key)
    return _file(printouts.catalogue_pdf(building, request.user), filename)


@login_required
@forms_required
def print_job(request: HttpRequest, key: str) -> HttpResponse:
    """A print job's page: waits (polling) until the PDF is ready, then hands it over once."""
    job = print_job_get(request.user, key)
    if job is None:
        raise Http404("打印任务不存在或已过期")
    if job.status == "done" and request.GET.get("download"):
        return _file(print_job_take(job), job.filename)
    return render(request, "shelving/print_job.html", {"job": job})


@login_required
@forms_required
def catalogue_export(request: HttpRequest, pk: int) -> HttpResponse:
    building = _building(request, pk)
    body = catalogue_xlsx(building)
    printout_record(actor=request.user, action="export.catalogue", obj=building, project_id=building.project_id)
    what = _("档案目录（Excel）%(p)s %(b)s") % {"p": building.project.name, "b": building}
    usage_record(user=request.user, kind=UsageKind.EXPORT, project_id=building.project_id, what=what)
    return _file(body, f"档案目录-{building.project.code}-{building.code}.xlsx", XLSX)


@login_required
@labels_required
def box_label(request: HttpRequest, pk: int) -> HttpResponse:
    box = location_get(request.user, pk)  # type: ignore[arg-type]
    if box.kind != LocationKind.BOX:
        raise Http404("只有档案盒有盒脊标签")
    body = printouts.box_label_pdf(box)
    printout_record(actor=request.user, action="print.box_label", obj=box, project_id=box.project_id)
    what = _("档案盒标签 %(c)s") % {"c": box.code}
    usage_record(user=request.user, kind=UsageKind.PRINT, project_id=box.project_id, what=what)
    return _file(body, f"档案盒标签-{box.code}.pdf")


@login_required
@labels_required
def location_labels(request: HttpRequest, pk: int) -> HttpResponse:
    """The place's QR label; with ``?below=1`` also one for every place inside it."""
    location = location_get(request.user, pk)  # type: ignore[arg-type]
    places = [location]
    if request.GET.get("below"):
        below = Location.objects.filter(project_id=location.project_id, path__startswith=f"{location.path}/")
        places += list(below.select_related("project").order_by("path"))
    body = printouts.location_labels_pdf(places)
    data = {"count": len(places)}
    printout_record(
        actor=request.user, action="print.location_label", obj=location, project_id=location.project_id, data=data
    )
    what = _("位置标签 %(c)s，共 %(n)s 张") % {"c": location.code, "n": len(places)}
    usage_record(user=request.user, kind=UsageKind.PRINT, project_id=location.project_id, what=what)
    return _file(body, f"位置标签-{location.code}.pdf")
