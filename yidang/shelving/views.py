"""Storage pages: the tree of places, a place, adding and editing places, moving a folder, the shelf ledger."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.archive.models import Archive
from yidang.archive.queries import archive_get, owner_names
from yidang.core.errors import DomainError
from yidang.places.models import Project
from yidang.printing.actions import printout_record
from yidang.shelving import actions
from yidang.shelving.exports import XLSX, ledger_xlsx
from yidang.shelving.forms import BOX_FIELDS, FolderMoveForm, LocationForm
from yidang.shelving.models import Location, LocationKind
from yidang.shelving.queries import (
    archive_page_path,
    box_range,
    child_kind,
    code_suggestion,
    folder_targets,
    folders_in,
    location_chain,
    location_from_text,
    location_get,
    location_labels,
    moves_of,
    shelf_ledger,
    storage_tree,
    unshelved_count,
)
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

view_required = permission_required("shelving.view_location", raise_exception=True)
LEDGER_PAGE = 100
FOLDERS_PAGE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _project(request: HttpRequest, code: str) -> Project:
    project = projects_of(_user(request)).filter(code=code).first()
    if project is None:
        raise Http404("没有找到该项目")
    return project


@login_required
@view_required
def storage_index(request: HttpRequest) -> HttpResponse:
    """Where the storage pages start: the user's one project, or a choice of them."""
    projects = list(projects_of(_user(request)).order_by("code"))
    if len(projects) == 1:
        return redirect("shelving:tree", code=projects[0].code)
    return render(request, "shelving/index.html", {"projects": projects})


@login_required
@view_required
def storage_tree_page(request: HttpRequest, code: str) -> HttpResponse:
    """Storage rooms → cabinets → shelves → boxes of a project, with the folders in each."""
    project = _project(request, code)
    context = {
        "project": project,
        "rows": storage_tree(project.pk),
        "unshelved": unshelved_count(project.pk),
        "buildings": project.buildings.order_by("code"),
    }
    return render(request, "shelving/tree.html", context)


@login_required
@view_required
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A place: where it is, what is below it, the folders in it, its labels."""
    location = location_get(_user(request), pk)
    page = Paginator(folders_in(location), FOLDERS_PAGE).get_page(request.GET.get("page"))
    context = {
        "location": location,
        "chain": location_chain(location),
        "rows": storage_tree(location.project_id, root=location),
        "page": _with_owners(page),
        "range": box_range(location) if location.kind == LocationKind.BOX else None,
        "child_kind": child_kind(location),
        "child_kind_label": LocationKind(k).label if (k := child_kind(location)) else "",
    }
    return render(request, "shelving/location.html", context)


def _with_owners(page: Page[Archive]) -> Page[Archive]:
    """The page's folders with ``owner_names`` set (one query for the page)."""
    owners = owner_names(a.room_id for a in page)
    for archive in page:
        archive.owner_names = owners.get(archive.room_id, "")  # type: ignore[attr-defined]
    return page


@login_required
@permission_required("shelving.add_location", raise_exception=True)
def location_add(request: HttpRequest, code: str = "", pk: int | None = None) -> HttpResponse:
    """Add a storage room to a project, or a place inside another (its kind follows from the parent)."""
    parent = location_get(_user(request), pk) if pk is not None else None
    project = parent.project if parent is not None else _project(request, code)
    kind = child_kind(parent)
    if kind is None:
        raise Http404("档案盒下不能再添加位置")
    initial = {"code": code_suggestion(project, kind, parent)}
    form = LocationForm(request.POST or None, project=project, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            location = actions.location_create(project=project, data=form.location_data(parent), actor=request.user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(
                request, _("已添加 %(name)s（%(code)s）") % {"name": location.display_name, "code": location.code}
            )
            return redirect("shelving:location", pk=location.pk)
    context = {"form": form, "project": project, "parent": parent, "kind_label": LocationKind(kind).label}
    return render(request, "shelving/location_form.html", context, status=400 if form.errors else 200)


@login_required
@permission_required("shelving.change_location", raise_exception=True)
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = location_get(_user(request), pk)
    current = actions.location_data_of(location)
    initial = {k: getattr(current, k) for k in ("code", "name", "parent", *BOX_FIELDS)}
    form = LocationForm(
        request.POST or None, project=location.project, kind=location.kind, choose_parent=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = replace(form.location_data(location.parent), code=form.cleaned_data["code"] or location.code)
        try:
            actions.location_update(location=location, data=data, actor=request.user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("位置信息已保存"))
            return redirect("shelving:location", pk=location.pk)
    context = {
        "form": form,
        "project": location.project,
        "location": location,
        "kind_label": location.get_kind_display(),
    }
    return render(request, "shelving/location_form.html", context, status=400 if form.errors else 200)


@login_required
@view_required
def folder_move_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a household's folder to a place typed or scanned; the page also shows where it has been."""
    archive = archive_get(_user(request), pk)
    form = FolderMoveForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("shelving.add_foldermove"):
            raise PermissionDenied
        if form.is_valid() and _move(request, archive, form):
            return redirect(_next_url(request, archive))
    return _move_page(request, archive, form)


def _move(request: HttpRequest, archive: Archive, form: FolderMoveForm) -> bool:
    target = location_from_text(_user(request), form.cleaned_data["to_code"])
    if target is None:
        form.add_error("to_code", _("没有找到编码为 %(c)s 的存放位置") % {"c": form.cleaned_data["to_code"].strip()})
        return False
    try:
        actions.folder_move(archive=archive, to_location=target, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        form.add_error("to_code" if exc.field == "to_location" else None, exc.message)
        return False
    messages.success(request, _("档案袋 %(n)s 已移至 %(c)s") % {"n": archive.number, "c": target.code})
    return True


def _move_page(request: HttpRequest, archive: Archive, form: FolderMoveForm) -> HttpResponse:
    location = (
        Location.objects.select_related("parent__parent__parent").filter(pk=archive.location_id).first()
        if archive.location_id
        else None
    )
    context = {
        "archive": archive,
        "room": archive.room,
        "chain": location_chain(location) if location else [],
        "moves": moves_of(archive)[:100],
        "form": form,
        "targets": folder_targets(archive.project_id),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }
    return render(request, "shelving/move.html", context, status=400 if form.errors else 200)


def _next_url(request: HttpRequest, archive: Archive) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return archive_page_path(archive.pk)


@login_required
@view_required
def shelf_ledger_page(request: HttpRequest, code: str) -> HttpResponse:
    """保管台账: every folder of the project with its place, in shelf order."""
    project = _project(request, code)
    paginator = Paginator(shelf_ledger(project.pk), LEDGER_PAGE)
    number = request.GET.get("page")
    page = _with_owners(paginator.get_page(paginator.num_pages if number == "last" else number))
    labels = location_labels([project.pk])
    for archive in page:
        archive.location_label = labels.get(archive.location_id or 0, "")  # type: ignore[attr-defined]
    context = {"project": project, "page": page}
    return render(request, "shelving/ledger.html", context)


@login_required
@view_required
def shelf_ledger_export(request: HttpRequest, code: str) -> HttpResponse:
    project = _project(request, code)
    body = ledger_xlsx(project)
    printout_record(actor=request.user, action="export.shelf_ledger", obj=project, project_id=project.pk)
    what = _("保管台账 %(p)s") % {"p": project.name}
    usage_record(user=request.user, kind=UsageKind.EXPORT, project_id=project.pk, what=what)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"保管台账-{project.code}.xlsx")
    return response
