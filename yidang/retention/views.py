"""Retention pages: the overview, an appraisal (htmx row decisions), a destruction list, holds, the record PDF.

Every read goes through ``yidang.retention.queries`` (the user's projects, 404 otherwise); every change
through ``yidang.retention.actions``, whose DomainError comes back on the page with status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from yidang.accounts.queries import projects_of
from yidang.archive.models import Archive
from yidang.core.errors import DomainError
from yidang.printing.actions import printout_record
from yidang.printing.pdf import render_pdf
from yidang.printing.qr import qr_data_uri
from yidang.retention import actions
from yidang.retention.forms import DecideForm, ExecuteForm, HoldForm, NoteForm, ReleaseForm
from yidang.retention.models import AppraisalItem, AppraisalStatus, DestructionList, ListStatus
from yidang.retention.queries import (
    appraisal_get,
    appraisals_with_counts,
    can_view,
    hold_get,
    holds_visible_to,
    items_of,
    list_get,
    list_items,
    lists_visible_to,
)


def _user(request: HttpRequest) -> Any:
    user = request.user
    if not can_view(user):
        raise PermissionDenied(_("只有鉴定小组和总经理可以查看保管期限与销毁"))
    return user


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    lists = lists_visible_to(user).select_related("project").order_by("-submitted_at")[:100]
    context = {
        "appraisals": list(appraisals_with_counts(user)[:50]),
        "lists": list(lists),
        "hold_count": holds_visible_to(user).filter(released_at__isnull=True).count(),
        "now": timezone.now(),
    }
    return render(request, "retention/index.html", context)


# ---- appraisal --------------------------------------------------------------------------------------


def _appraisal_page(request: HttpRequest, pk: int, error: str = "", status: int = 200) -> HttpResponse:
    user = _user(request)
    appraisal = appraisal_get(user, pk)
    context = {
        "appraisal": appraisal,
        "items": list(items_of(appraisal)),
        "can_decide": appraisal.status == AppraisalStatus.OPEN and user.has_perm("retention.appraise"),
        "dlist": DestructionList.objects.filter(appraisal=appraisal).first(),
        "error": error,
    }
    return render(request, "retention/appraisal.html", context, status=status)


@require_safe
@login_required
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _appraisal_page(request, pk)


@require_POST
@login_required
def item_decide(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One row's decision; an htmx request gets the row back (with the refusal, 400), others the page."""
    user = _user(request)
    appraisal = appraisal_get(user, pk)
    item = items_of(appraisal).filter(pk=item_pk).first()
    if item is None:
        return _appraisal_page(request, pk, _("没有找到该条目"), 404)
    form = DecideForm(request.POST)
    error, status = "", 200
    if form.is_valid():
        try:
            actions.appraisal_item_decide(
                item=item,
                decision=form.cleaned_data["decision"],
                keep_years=form.cleaned_data["keep_years"],
                reason=form.cleaned_data["reason"],
                actor=user,
            )
        except DomainError as exc:
            error, status = exc.message, 400
    else:
        error, status = _("请选择“继续保存”或“销毁”，继续保存须填年限（1–100）和理由"), 400
    if request.headers.get("HX-Request"):
        row: AppraisalItem = items_of(appraisal).get(pk=item_pk)
        context = {"appraisal": appraisal, "item": row, "can_decide": True, "row_error": error}
        return render(request, "retention/_item_row.html", context, status=status)
    if error:
        return _appraisal_page(request, pk, error, status)
    return redirect("retention:appraisal", pk=pk)


@require_POST
@login_required
def appraisal_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    appraisal = appraisal_get(user, pk)
    try:
        dlist = actions.appraisal_close(appraisal=appraisal, actor=user)
    except DomainError as exc:
        return _appraisal_page(request, pk, exc.message, 400)
    if dlist is None:
        messages.success(request, _("鉴定完成：全部继续保存，无需销毁"))
        return redirect("retention:appraisal", pk=pk)
    messages.success(request, _("鉴定完成，销毁清单 %(n)s 已报总经理审批") % {"n": dlist.number})
    return redirect("retention:list", pk=dlist.pk)


# ---- destruction list ---------------------------------------------------------------------------------


def _list_page(request: HttpRequest, pk: int, error: str = "", status: int = 200, form: Any = None) -> HttpResponse:
    user = _user(request)
    dlist = list_get(user, pk)
    can_execute = dlist.status == ListStatus.APPROVED and user.has_perm("retention.execute_destruction")
    context = {
        "dlist": dlist,
        "items": list(list_items(dlist)),
        "can_approve": dlist.status == ListStatus.PENDING and user.has_perm("retention.approve_destruction"),
        "can_execute": can_execute,
        "execute_form": form or (ExecuteForm(project_id=dlist.project_id) if can_execute else None),
        "overdue": dlist.status == ListStatus.PENDING and dlist.due_at < timezone.now(),
        "error": error,
    }
    return render(request, "retention/list.html", context, status=status)


@require_safe
@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _list_page(request, pk)


def _decide(request: HttpRequest, pk: int, run: Callable[[DestructionList, str], str]) -> HttpResponse:
    user = _user(request)
    dlist = list_get(user, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        message = run(dlist, note)
    except DomainError as exc:
        return _list_page(request, pk, exc.message, 400)
    messages.success(request, message)
    return redirect("retention:list", pk=pk)


@require_POST
@login_required
def list_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def run(dlist: DestructionList, note: str) -> str:
        actions.destruction_list_approve(dlist=dlist, actor=request.user, note=note)
        return _("已批准销毁清单 %(n)s，待档案管理员在监销人见证下销毁") % {"n": dlist.number}

    return _decide(request, pk, run)


@require_POST
@login_required
def list_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def run(dlist: DestructionList, note: str) -> str:
        actions.destruction_list_reject(dlist=dlist, actor=request.user, note=note)
        return _("已驳回销毁清单 %(n)s，文件将重新鉴定") % {"n": dlist.number}

    return _decide(request, pk, run)


@require_POST
@login_required
def list_execute(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dlist = list_get(user, pk)
    form = ExecuteForm(request.POST, project_id=dlist.project_id)
    if not form.is_valid():
        return _list_page(request, pk, _("请填写销毁方式、监销人和销毁时间"), 400, form)
    try:
        dlist = actions.destruction_execute(
            dlist=dlist,
            method=form.cleaned_data["method"],
            witness=form.cleaned_data["witness"],
            destroyed_at=form.cleaned_data["destroyed_at"],
            actor=user,
        )
    except DomainError as exc:
        return _list_page(request, pk, exc.message, 400, form)
    messages.success(request, _("已销毁 %(n)s 件，销毁记录已生成") % {"n": dlist.destroyed_count})
    return redirect("retention:list", pk=pk)


@require_safe
@login_required
def list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The destruction list (销毁清单) for signing, or once carried out the destruction record (销毁记录)."""
    user = _user(request)
    dlist = list_get(user, pk)
    title = _("销毁记录") if dlist.status == ListStatus.DESTROYED else _("销毁清单")
    url = request.build_absolute_uri(f"/retention/lists/{dlist.pk}/")
    context = {
        "dlist": dlist,
        "items": list(list_items(dlist)),
        "title": title,
        "qr": qr_data_uri(url),
        "printed_by": user,
        "printed_at": timezone.now(),
    }
    pdf = render_pdf("retention/record_pdf.html", context)
    printout_record(
        actor=user,
        action="print.destruction_record",
        obj=dlist,
        project_id=dlist.project_id,
        data={"number": dlist.number, "status": dlist.status},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{title}{dlist.number}.pdf") or ""
    return response


# ---- holds ---------------------------------------------------------------------------------------------


@login_required
def holds(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    can_hold = user.has_perm("retention.place_hold")
    form = HoldForm(request.POST or None)
    if request.method == "POST":
        if not can_hold:
            raise PermissionDenied(_("您没有冻结档案的权限"))
        if form.is_valid():
            try:
                _hold_place(form, user)
            except DomainError as exc:
                exc.add_to(form)
            else:
                messages.success(request, _("已冻结，冻结期间该文件不会列入鉴定或销毁"))
                return redirect("retention:holds")
    qs = holds_visible_to(user).select_related("archive", "document", "placed_by", "released_by")
    context = {
        "form": form,
        "can_hold": can_hold,
        "active": list(qs.filter(released_at__isnull=True).order_by("-placed_at")[:200]),
        "released": list(qs.filter(released_at__isnull=False).order_by("-released_at")[:50]),
        "release_form": ReleaseForm(),
    }
    return render(request, "retention/holds.html", context, status=400 if form.errors else 200)


def _hold_place(form: HoldForm, user: Any) -> None:
    number = form.cleaned_data["archive_number"].strip()
    archive = Archive.objects.filter(project__in=projects_of(user), number=number).first()
    if archive is None:
        raise DomainError(_("在您所在的项目中没有档案 %(n)s") % {"n": number}, field="archive_number")
    document = None
    if form.cleaned_data["item_no"]:
        document = archive.documents.filter(item_no=form.cleaned_data["item_no"]).first()
        if document is None:
            raise DomainError(_("档案 %(n)s 没有该件号") % {"n": number}, field="item_no")
    actions.hold_place(archive=archive, document=document, reason=form.cleaned_data["reason"], actor=user)


@require_POST
@login_required
def hold_release(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hold = hold_get(user, pk)
    if not user.has_perm("retention.place_hold"):
        raise PermissionDenied(_("您没有解除冻结的权限"))
    form = ReleaseForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请填写解除冻结的理由"))
        actions.hold_release(hold=hold, reason=form.cleaned_data["reason"], actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已解除冻结"))
    return redirect("retention:holds")
