"""Archive pages: the file of one household, the list of files, missing items and completeness."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yidang.archive import actions
from yidang.archive.export import missing_items_workbook
from yidang.archive.forms import ArchiveFilterForm, DocumentForm, FlagsForm, ScanForm, document_initial
from yidang.archive.models import Archive
from yidang.archive.queries import (
    archive_get,
    archive_list,
    catalogue_of,
    checklist_of,
    completeness_by_building,
    document_get,
    missing_items,
    owner_names,
    percent,
    project_visible,
    projects_visible,
    scan_get,
)
from yidang.archive.scans import download_name
from yidang.core.errors import DomainError
from yidang.households.queries import household_get
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

PAGE_SIZE = 50
MISSING_PAGE_SIZE = 200
view_required = permission_required("archive.view_archive_file", raise_exception=True)
manage_required = permission_required("archive.manage_archive", raise_exception=True)


def _user(request: HttpRequest) -> Any:
    return request.user


# ---- the archive page --------------------------------------------------------------------------


@login_required
@view_required
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    archive = archive_get(_user(request), pk)
    usage_record(user=request.user, kind=UsageKind.VIEW_FILE, archive=archive)
    return _render_detail(request, archive)


def _render_detail(
    request: HttpRequest,
    archive: Archive,
    bound: forms.Form | None = None,
    status: int = 200,
    edit_doc_pk: int | None = None,
) -> HttpResponse:
    can_manage = request.user.has_perm("archive.manage_archive")
    forms_by_name: dict[str, forms.Form] = {}
    if can_manage:
        doc_pk = request.GET.get("doc", "")
        forms_by_name = {
            "document": DocumentForm(prefix="document"),
            "scan": ScanForm(prefix="scan", archive=archive, initial={"document": doc_pk} if doc_pk.isdigit() else {}),
            "flags": FlagsForm(
                prefix="flags",
                initial={"has_renovation": archive.has_renovation, "has_transfer": archive.has_transfer},
            ),
        }
        if bound is not None and edit_doc_pk is None:
            forms_by_name[bound.prefix or ""] = bound
    sections = catalogue_of(archive)
    context = {
        "archive": archive,
        "room": archive.room,
        "owners": owner_names([archive.room_id]).get(archive.room_id, ""),
        "percent": percent(archive.satisfied_count, archive.required_count),
        "missing": max(archive.required_count - archive.satisfied_count, 0),
        "sections": sections,
        "document_count": sum(len(s.documents) for s in sections),
        "checklist": checklist_of(archive),
        "can_manage": can_manage,
        "forms": forms_by_name,
        "open_form": bound.prefix if bound is not None and edit_doc_pk is None else "",
        "edit_form": bound if edit_doc_pk is not None else None,
        "edit_doc_pk": edit_doc_pk,
    }
    return render(request, "archive/detail.html", context, status=status)


def _archive_post(
    request: HttpRequest,
    pk: int,
    form: forms.Form,
    apply: Callable[[Archive, Any], str],
    edit_doc_pk: int | None = None,
) -> HttpResponse:
    """Run a form's action; a DomainError comes back as an error beside its field (400)."""
    archive = archive_get(_user(request), pk)
    if form.is_valid():
        try:
            message = apply(archive, form)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, message)
            return redirect("archive:detail", pk=archive.pk)
    archive = archive_get(_user(request), pk)  # re-read: counts may differ from the failed attempt
    return _render_detail(request, archive, bound=form, status=400, edit_doc_pk=edit_doc_pk)


@require_POST
@login_required
@view_required
@manage_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(archive: Archive, form: DocumentForm) -> str:
        doc = actions.document_add(archive=archive, data=form.data_for_action(), actor=request.user)
        return _("已归档 第%(no)s件 %(t)s") % {"no": doc.item_no, "t": doc.title}

    return _archive_post(request, pk, DocumentForm(request.POST, prefix="document"), apply)


@require_GET
@login_required
@view_required
@manage_required
def document_edit_form(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    """The edit form of one document, fetched by htmx when its row is opened."""
    archive = archive_get(_user(request), pk)
    doc = document_get(archive, doc_pk)
    form = DocumentForm(prefix=f"doc{doc.pk}", initial=document_initial(doc))
    return render(request, "archive/_document_form.html", {"archive": archive, "doc": doc, "form": form})


@require_POST
@login_required
@view_required
@manage_required
def document_edit(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    doc = document_get(archive_get(_user(request), pk), doc_pk)

    def apply(archive: Archive, form: DocumentForm) -> str:
        actions.document_update(document=doc, data=form.data_for_action(), actor=request.user)
        return _("已保存 第%(no)s件") % {"no": doc.item_no}

    form = DocumentForm(request.POST, prefix=f"doc{doc.pk}")
    return _archive_post(request, pk, form, apply, edit_doc_pk=doc.pk)


@require_POST
@login_required
@view_required
@manage_required
def scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    archive = archive_get(_user(request), pk)

    def apply(archive: Archive, form: ScanForm) -> str:
        d = form.cleaned_data
        scan = actions.scan_add(document=d["document"], upload=d["upload"], actor=request.user)
        return _("已上传 第%(no)s件 的扫描件（第%(v)s版）") % {"no": d["document"].item_no, "v": scan.version}

    form = ScanForm(request.POST, request.FILES, prefix="scan", archive=archive)
    return _archive_post(request, pk, form, apply)


@require_POST
@login_required
@view_required
@manage_required
def flags_set(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(archive: Archive, form: FlagsForm) -> str:
        actions.archive_flags_set(archive=archive, actor=request.user, **form.cleaned_data)
        return _("已更新装修、过户情况，目录清单随之调整")

    return _archive_post(request, pk, FlagsForm(request.POST, prefix="flags"), apply)


@login_required
@view_required
def room_archive(request: HttpRequest, room_pk: int) -> HttpResponse:
    """From a household to its file; a household without one offers to open it (POST)."""
    room = household_get(_user(request), room_pk)
    archive = Archive.objects.filter(room=room).first()
    if archive is None and request.method == "POST" and request.user.has_perm("archive.manage_archive"):
        archive = actions.archive_open(room=room, actor=request.user)
        messages.success(request, _("已建立档案 %(n)s") % {"n": archive.number})
    if archive is not None:
        return redirect("archive:detail", pk=archive.pk)
    can_open = request.user.has_perm("archive.manage_archive")
    return render(request, "archive/no_archive.html", {"room": room, "can_open": can_open}, status=404)


# ---- scan files ------------------------------------------------------------------------------


@require_GET
@login_required
@view_required
def scan_download(request: HttpRequest, scan_pk: int) -> FileResponse:
    """The scan's bytes; each download is written to the audit trail first."""
    scan = scan_get(_user(request), scan_pk)
    if not default_storage.exists(scan.storage_name):
        raise Http404(_("扫描件文件在存储中缺失，请联系档案管理员"))
    actions.scan_download_record(scan=scan, actor=request.user, via="web")
    inline = request.GET.get("inline") == "1"
    kind = UsageKind.VIEW_DOCUMENT if inline else UsageKind.DOWNLOAD  # full-size preview in the browser = a view
    usage_record(user=request.user, kind=kind, archive=scan.document.archive, document=scan.document)
    return FileResponse(
        default_storage.open(scan.storage_name, "rb"),
        as_attachment=not inline,
        filename=download_name(scan),
        content_type=scan.content_type,
    )


@require_GET
@login_required
@view_required
def scan_thumbnail(request: HttpRequest, scan_pk: int) -> FileResponse:
    """The small preview (not a download of the scan: not audited, but just as scoped)."""
    scan = scan_get(_user(request), scan_pk)
    if not scan.thumbnail_name or not default_storage.exists(scan.thumbnail_name):
        raise Http404(_("该扫描件没有缩略图"))
    response = FileResponse(default_storage.open(scan.thumbnail_name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# ---- lists -----------------------------------------------------------------------------------


def _filter_form(request: HttpRequest) -> ArchiveFilterForm:
    projects = projects_visible(_user(request))
    data = request.GET.copy()
    if not data.get("project") and len(projects) == 1:
        data["project"] = str(projects[0].pk)
    return ArchiveFilterForm(data, projects=projects)


@login_required
@view_required
def archive_index(request: HttpRequest) -> HttpResponse:
    """Files with filters by project, building, completeness and archive number."""
    form = _filter_form(request)
    archives = archive_list(_user(request), **form.filters())
    page = Paginator(archives, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = owner_names(a.room_id for a in rows)
    for archive in rows:
        archive.owners = names.get(archive.room_id, "")  # type: ignore[attr-defined]
        archive.percent = percent(archive.satisfied_count, archive.required_count)  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "archives": rows, "query": _query_without_page(request)}
    template = "archive/_list_results.html" if request.headers.get("HX-Request") else "archive/list.html"
    return render(request, template, context)


@login_required
@view_required
def missing_index(request: HttpRequest) -> HttpResponse:
    """Required papers still missing, by building: the list to chase."""
    form = _filter_form(request)
    filters = {k: v for k, v in form.filters().items() if k in ("project_id", "building_id")}
    items = missing_items(_user(request), **filters)
    page = Paginator(items, MISSING_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = owner_names({item.archive.room_id for item in rows})
    for item in rows:
        item.owners = names.get(item.archive.room_id, "")  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "items": rows,
        "query": _query_without_page(request),
        "can_export": request.user.has_perm("households.export_households") and filters.get("project_id"),
    }
    template = "archive/_missing_results.html" if request.headers.get("HX-Request") else "archive/missing.html"
    return render(request, template, context)


@require_GET
@login_required
@view_required
@permission_required("households.export_households", raise_exception=True)
def missing_export(request: HttpRequest) -> HttpResponse:
    """The missing-items list of one project (optionally one building) as an Excel workbook."""
    form = _filter_form(request)
    filters = form.filters()
    if not filters.get("project_id"):
        messages.error(request, _("请先选择项目再导出"))
        return redirect(reverse("archive:missing"))
    project = projects_visible(_user(request)).get(pk=filters["project_id"])
    items = missing_items(_user(request), project_id=project.pk, building_id=filters.get("building_id"))
    content, count = missing_items_workbook(items)
    actions.missing_items_export_record(project=project, rows=count, actor=request.user)
    building = form.cleaned_data.get("building")
    what = _("缺件清单 %(p)s %(b)s，共 %(n)s 项") % {"p": project.name, "b": building or _("全部楼栋"), "n": count}
    usage_record(user=request.user, kind=UsageKind.EXPORT, project_id=project.pk, what=what)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="missing-{project.code}.xlsx"'
    return response


@login_required
@view_required
def completeness(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Required vs satisfied items per building of a project, with a bar per building."""
    if code is None:
        projects = list(projects_visible(_user(request)))
        if len(projects) == 1:
            return redirect("archive:completeness-project", code=projects[0].code)
        return render(request, "archive/completeness_projects.html", {"projects": projects})
    project = project_visible(_user(request), code)
    rows = completeness_by_building(project)
    totals = {
        "files": sum(r.files for r in rows),
        "complete_files": sum(r.complete_files for r in rows),
        "required": sum(r.required for r in rows),
        "satisfied": sum(r.satisfied for r in rows),
    }
    totals["percent"] = percent(totals["satisfied"], totals["required"])
    totals["missing"] = totals["required"] - totals["satisfied"]
    return render(request, "archive/completeness.html", {"project": project, "rows": rows, "totals": totals})


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
