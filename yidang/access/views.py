"""Access pages: filing and deciding requests, the front desk, the reading view and the reading register."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yidang.access import actions
from yidang.access.export import register_pdf, register_workbook
from yidang.access.forms import HELP, DecisionForm, MonthForm, ReceiptForm, RequestForm
from yidang.access.models import AccessRequest, RequestKind, RequestStatus
from yidang.access.pages import page_count, page_image
from yidang.access.queries import (
    approvals_waiting_for,
    front_desk_requests,
    history_of,
    kinds_user_may_approve,
    kinds_user_may_file,
    may_approve,
    my_requests,
    reading_archive_get,
    reading_document_get,
    reading_get,
    reading_register,
    reading_scan_get,
    register_visible,
    request_get,
    sessions_of,
)
from yidang.access.watermark import watermark_image
from yidang.accounts.models import User
from yidang.accounts.queries import is_customer_service, project_ids_of, projects_of
from yidang.archive.models import Scan
from yidang.archive.queries import catalogue_of
from yidang.core.errors import DomainError
from yidang.places.models import Project

ACTION_LABELS = {
    "access.request": "提交申请",
    "access.approve": "批准",
    "access.reject": "驳回",
    "access.cancel": "撤回",
    "access.session_start": "开始陪同查阅",
    "access.session_end": "结束陪同查阅",
    "access.copy_received": "复制件签收",
    "access.copy_download": "取出复制件打印",
    "access.proof_view": "查看证明材料",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# ---- my requests, filing --------------------------------------------------------------------------


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "requests": my_requests(user)[:200],
        "kinds": [RequestKind(k) for k in kinds_user_may_file(user)],
        "can_approve": bool(kinds_user_may_approve(user)),
        "is_cs": is_customer_service(user),
        "can_register": register_visible(user),
        "now": timezone.now(),
    }
    return render(request, "access/mine.html", context)


@login_required
def new(request: HttpRequest, kind: str) -> HttpResponse:
    user = _user(request)
    if kind not in kinds_user_may_file(user):
        raise Http404("没有这类申请")
    projects = projects_of(user).order_by("code")
    form = RequestForm(request.POST or None, request.FILES or None, kind=kind, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.access_request_file(data=form.request_data(), actor=user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("申请已提交（编号 %(pk)s），等待审批") % {"pk": created.pk})
            return redirect("access:detail", pk=created.pk)
    context = {"form": form, "kind": RequestKind(kind), "help": HELP[RequestKind(kind)]}
    return render(request, "access/new.html", context, status=400 if form.is_bound else 200)


# ---- deciding ------------------------------------------------------------------------------------


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not kinds_user_may_approve(user):
        raise Http404("没有待您审批的申请")
    return render(request, "access/approvals.html", {"requests": approvals_waiting_for(user)})


@require_GET
@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The front desk: owners' and outsiders' approved readings to accompany, copies to hand over."""
    user = _user(request)
    if not is_customer_service(user):
        raise Http404("前台登记仅限客服人员")
    return render(request, "access/desk.html", {"requests": front_desk_requests(user), "now": timezone.now()})


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, request_get(_user(request), pk))


def _render_detail(request: HttpRequest, req: AccessRequest, form: Any = None, status: int = 200) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    staff = is_customer_service(user) and req.project_id in project_ids_of(user)
    open_session = req.sessions.filter(ended_at__isnull=True).select_related("accompanied_by").first()
    context = {
        "req": req,
        "archives": req.archives.order_by("number"),
        "documents": req.documents.select_related("archive").order_by("archive__number", "item_no"),
        "history": [(e, ACTION_LABELS.get(e.action, e.action)) for e in history_of(req)],
        "sessions": sessions_of(req),
        "uses": req.uses.select_related("user").order_by("at", "id")[:200],
        "can_decide": req.status == RequestStatus.PENDING and may_approve(user, req),
        "can_cancel": req.status == RequestStatus.PENDING and req.requester_id == user.pk,
        "can_read": _can_read(user, req, now, open_session),
        "staff": staff,
        "open_session": open_session,
        "in_window": req.window_start <= now < req.window_end,
        "decision_form": form if isinstance(form, DecisionForm) else DecisionForm(),
        "receipt_form": form if isinstance(form, ReceiptForm) else ReceiptForm(),
        "can_see_proof": bool(req.proof) and user.has_perm("archive.view_archive_file") and staff,
    }
    return render(request, "access/detail.html", context, status=status)


def _can_read(user: User, req: AccessRequest, now: Any, open_session: Any) -> bool:
    if req.status != RequestStatus.APPROVED or not req.window_start <= now < req.window_end:
        return False
    if req.kind == RequestKind.STAFF:
        return req.requester_id == user.pk
    return req.is_visitor and open_session is not None and open_session.accompanied_by_id == user.pk


def _post(request: HttpRequest, pk: int, form: Any, apply: Any) -> HttpResponse:
    """Run an action on a request; a DomainError comes back on the detail page (400)."""
    req = request_get(_user(request), pk)
    if form is None or form.is_valid():
        try:
            message = apply(req, form.cleaned_data if form is not None else {})
        except DomainError as exc:
            if form is not None and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:  # shown at the top of the page, whether or not the form is offered to this user
                messages.error(request, exc.message)
            return _render_detail(request, request_get(_user(request), pk), form, status=400)
        messages.success(request, message)
        return redirect("access:detail", pk=pk)
    return _render_detail(request, req, form, status=400)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(req: AccessRequest, data: dict[str, Any]) -> str:
        done = actions.access_request_approve(request=req, actor=_user(request), note=data["note"])
        if done.kind == RequestKind.COPY:
            return _("已批准，复制件已生成（%(n)s 页）") % {"n": done.copy_pages}
        return _("已批准")

    return _post(request, pk, DecisionForm(request.POST), apply)


@require_POST
@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(req: AccessRequest, data: dict[str, Any]) -> str:
        actions.access_request_reject(request=req, actor=_user(request), note=data["note"])
        return _("已驳回")

    return _post(request, pk, DecisionForm(request.POST), apply)


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(req: AccessRequest, data: dict[str, Any]) -> str:
        actions.access_request_cancel(request=req, actor=_user(request))
        return _("申请已撤回")

    return _post(request, pk, None, apply)


@require_POST
@login_required
def session_start(request: HttpRequest, pk: int) -> HttpResponse:
    req = request_get(_user(request), pk)
    try:
        actions.reading_session_start(request=req, actor=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, req, status=400)
    return redirect("access:read", request_id=req.pk)


@require_POST
@login_required
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(req: AccessRequest, data: dict[str, Any]) -> str:
        actions.reading_session_end(request=req, actor=_user(request))
        return _("本次陪同查阅已结束")

    return _post(request, pk, None, apply)


@require_POST
@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(req: AccessRequest, data: dict[str, Any]) -> str:
        actions.copy_receipt_record(request=req, actor=_user(request), received_by=data["received_by"])
        return _("复制件已签收")

    return _post(request, pk, ReceiptForm(request.POST), apply)


@require_GET
@login_required
def proof(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded proof, for CS staff of the project (shown inline; each look is logged)."""
    user = _user(request)
    req = request_get(user, pk)
    if not req.proof or not is_customer_service(user) or req.project_id not in project_ids_of(user):
        raise Http404("没有找到证明材料")
    if not default_storage.exists(req.proof.name or ""):
        raise Http404(_("证明材料文件在存储中缺失"))
    actions.proof_view_record(request=req, actor=user)
    ext = (req.proof.name or "").rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(
        ext, "application/octet-stream"
    )
    return FileResponse(default_storage.open(req.proof.name or "", "rb"), content_type=content_type)


@require_GET
@login_required
def copy_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The made copy, for its requester and the project's CS staff who hand it over (each fetch logged)."""
    user = _user(request)
    req = request_get(user, pk)
    staff = is_customer_service(user) and req.project_id in project_ids_of(user)
    if req.kind != RequestKind.COPY or not req.copy_file or not (staff or req.requester_id == user.pk):
        raise Http404("没有找到复制件")
    actions.copy_download_record(request=req, actor=user)
    with default_storage.open(req.copy_file.name or "", "rb") as fh:
        body = fh.read()
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"复制件-{req.pk}.pdf") or ""
    response["Cache-Control"] = "no-store, private"
    return response


# ---- the reading view ------------------------------------------------------------------------------


def _reader_label(req: AccessRequest, user: User) -> str:
    if req.is_visitor:
        return _("%(visitor)s（陪同：%(staff)s）") % {"visitor": req.visitor_label, "staff": user}
    return str(user)


def _reading_context(req: AccessRequest, user: User) -> dict[str, Any]:
    now = timezone.localtime()
    reader = _reader_label(req, user)
    return {
        "req": req,
        "reader": reader,
        "read_at": now,
        "mark": _("%(reader)s %(t)s 仅供查阅") % {"reader": reader, "t": f"{now:%Y-%m-%d %H:%M}"},
        "marks": range(24),
    }


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
@login_required
def read(request: HttpRequest, request_id: int) -> HttpResponse:
    """The files an approved request opens, while its window lasts."""
    user = _user(request)
    req = reading_get(user, request_id)
    context = _reading_context(req, user) | {"archives": req.archives.select_related("room").order_by("number")}
    return _no_store(render(request, "access/read_index.html", context))


@require_GET
@login_required
def read_file(request: HttpRequest, request_id: int, archive_id: int) -> HttpResponse:
    """One file's catalogue and scan previews, read only; each opening is a use in the ledger."""
    user = _user(request)
    req = reading_get(user, request_id)
    archive = reading_archive_get(req, archive_id)
    actions.reading_record(request=req, actor=user, archive=archive)
    sections = catalogue_of(archive)
    context = _reading_context(req, user) | {
        "archive": archive,
        "sections": sections,
        "document_count": sum(len(s.documents) for s in sections),
    }
    return _no_store(render(request, "access/read_file.html", context))


@require_GET
@login_required
def read_document(request: HttpRequest, request_id: int, archive_id: int, document_id: int) -> HttpResponse:
    """One document's pages as stamped pictures; each opening is a use of the document."""
    user = _user(request)
    req = reading_get(user, request_id)
    archive = reading_archive_get(req, archive_id)
    doc = reading_document_get(archive, document_id)
    actions.reading_record(request=req, actor=user, archive=archive, document=doc)
    scan = Scan.objects.filter(document=doc).order_by("-version").first()
    pages = range(1, page_count(scan) + 1) if scan is not None else range(0)
    context = _reading_context(req, user) | {"archive": archive, "doc": doc, "scan": scan, "pages": pages}
    return _no_store(render(request, "access/read_document.html", context))


@require_GET
@login_required
def read_page(request: HttpRequest, request_id: int, archive_id: int, scan_id: int, page: int) -> HttpResponse:
    """A page of a scan as a JPEG with the reader's name and the time burnt in (never the scan file)."""
    user = _user(request)
    req = reading_get(user, request_id)
    scan = reading_scan_get(reading_archive_get(req, archive_id), scan_id)
    image = page_image(scan, page)
    if image is None:
        raise Http404("没有这一页")
    body = watermark_image(image, _reading_context(req, user)["mark"])
    return _no_store(HttpResponse(body, content_type="image/jpeg"))


@require_GET
@login_required
def read_thumbnail(request: HttpRequest, request_id: int, archive_id: int, scan_id: int) -> HttpResponse:
    user = _user(request)
    req = reading_get(user, request_id)
    scan = reading_scan_get(reading_archive_get(req, archive_id), scan_id)
    if not scan.thumbnail_name or not default_storage.exists(scan.thumbnail_name):
        raise Http404("该扫描件没有缩略图")
    with default_storage.open(scan.thumbnail_name, "rb") as fh:
        return _no_store(HttpResponse(fh.read(), content_type="image/jpeg"))


# ---- the reading register -----------------------------------------------------------------------


def _register_month(request: HttpRequest) -> tuple[MonthForm, date]:
    form = MonthForm(request.GET or None)
    month = timezone.localdate().replace(day=1)
    if form.is_valid() and form.cleaned_data.get("month"):
        month = form.cleaned_data["month"].replace(day=1)
    return form, month


def _register_title(user: User, month: date) -> str:
    names = "、".join(p.name for p in projects_of(user).order_by("code"))
    return _("%(projects)s 档案查阅登记表（%(y)s年%(m)s月）") % {"projects": names, "y": month.year, "m": month.month}


@require_GET
@login_required
def register(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not register_visible(user):
        raise Http404("查阅登记表仅限客服人员")
    form, month = _register_month(request)
    context = {"form": form, "month": month, "rows": reading_register(user, month)}
    return render(request, "access/register.html", context)


def _register_projects(user: User) -> list[Project]:
    return list(projects_of(user).order_by("code"))


@require_GET
@login_required
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = _user(request)
    if not register_visible(user):
        raise Http404("查阅登记表仅限客服人员")
    _form, month = _register_month(request)
    rows = reading_register(user, month)
    title = _register_title(user, month)
    if fmt == "xlsx":
        body, content_type = register_workbook(rows, month, title), XLSX
    else:
        body, content_type = register_pdf(rows, month, title, user), "application/pdf"
    actions.register_export_record(actor=user, month=month, fmt=fmt, rows=len(rows), projects=_register_projects(user))
    response = HttpResponse(body, content_type=content_type)
    filename = f"查阅登记表-{month:%Y-%m}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(fmt == "xlsx", filename) or ""
    return response
