"""Transfer pages: the sheets (waiting for me, mine, all of my projects), a new sheet, one sheet with
its acknowledgement or refusal, the printable sheet and a period's Excel export.

Every list is a query scoped to the user's projects (``yidang.transfers.queries``); every change goes
through ``yidang.transfers.actions``, whose DomainError comes back on the page with status 400.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.core.errors import DomainError
from yidang.printing.actions import printout_record
from yidang.transfers import actions
from yidang.transfers.forms import AcknowledgeForm, PeriodForm, RefuseForm, SheetForm
from yidang.transfers.models import TransferSheet
from yidang.transfers.printouts import XLSX, sheet_pdf, sheets_xlsx
from yidang.transfers.queries import items_parse, sheet_get, sheets_of_period, sheets_visible_to, waiting_for
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_safe
def sheet_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    sees_all = user.has_perm("transfers.view_transfersheet")
    tab = request.GET.get("tab") or "waiting"
    if tab == "all" and sees_all:
        qs = sheets_visible_to(user)
    elif tab == "mine":
        qs = sheets_visible_to(user).filter(sent_by=user)
    else:
        tab, qs = "waiting", waiting_for(user)
    qs = qs.select_related("project", "sender", "receiver").order_by("-sent_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tab": tab,
        "sees_all": sees_all,
        "can_send": user.has_perm(actions.SEND_PERMISSION),
        "period": PeriodForm(initial=PeriodForm.this_month()),
    }
    return render(request, "transfers/list.html", context)


@login_required
def sheet_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm(actions.SEND_PERMISSION):
        raise PermissionDenied
    initial = {"items": request.GET.get("items", "")}
    form = SheetForm(request.POST if request.method == "POST" else None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            refs = items_parse(d["items"], [d["project"].pk])
            data = actions.SheetData(
                project=d["project"],
                items=tuple(refs),
                route=d["route"],
                receiver=d["receiver"],
                receiver_name=d["receiver_name"],
                sender_name=d["sender_name"],
                note=d["note"],
                sent_at=d["sent_at"],
            )
            sheet = actions.transfer_sheet_send(data=data, actor=user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("移交单 %(n)s 已登记，等待接收方签收") % {"n": sheet.number})
            return redirect("transfers:detail", pk=sheet.pk)
    return render(request, "transfers/new.html", {"form": form}, status=400 if form.errors else 200)


def _items(sheet: TransferSheet) -> list[Any]:
    return list(
        sheet.items.select_related("archive__room", "document").order_by("archive__number", "document__item_no", "pk")
    )


def _detail(
    request: HttpRequest, sheet: TransferSheet, ack: AcknowledgeForm | None = None, refuse: RefuseForm | None = None
) -> HttpResponse:
    user = _user(request)
    items = _items(sheet)
    signs = sheet.is_open and actions.sheet_signable_by(sheet, user)
    context = {
        "sheet": sheet,
        "items": items,
        "can_sign": signs,
        "can_cancel": sheet.is_open and sheet.sent_by_id == user.pk,
        "ack": ack or AcknowledgeForm(items=items, outside=sheet.receiver_id is None),
        "refuse": refuse or RefuseForm(),
        "folders": sum(1 for i in items if i.document_id is None),
    }
    status = 400 if (ack and ack.errors) or (refuse and refuse.errors) else 200
    return render(request, "transfers/detail.html", context, status=status)


@login_required
@require_safe
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, sheet_get(_user(request), pk))


@login_required
@require_POST
def sheet_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    sheet = sheet_get(user, pk)
    form = AcknowledgeForm(request.POST, items=_items(sheet), outside=sheet.receiver_id is None)
    if form.is_valid():
        d = form.cleaned_data
        check = actions.Acknowledgement(
            received=form.received(), note=d["note"], signer=d.get("signer", ""), received_at=d["received_at"]
        )
        try:
            sheet = actions.transfer_sheet_acknowledge(sheet=sheet, check=check, actor=user)
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("已签收移交单 %(n)s") % {"n": sheet.number})
            return redirect("transfers:detail", pk=sheet.pk)
    return _detail(request, sheet, ack=form)


@login_required
@require_POST
def sheet_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    sheet = sheet_get(user, pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            sheet = actions.transfer_sheet_refuse(sheet=sheet, reason=form.cleaned_data["reason"], actor=user)
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            messages.success(request, _("已拒收移交单 %(n)s") % {"n": sheet.number})
            return redirect("transfers:detail", pk=sheet.pk)
    return _detail(request, sheet, refuse=form)


@login_required
@require_POST
def sheet_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    sheet = sheet_get(user, pk)
    try:
        sheet = actions.transfer_sheet_cancel(sheet=sheet, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
        response = _detail(request, sheet)
        response.status_code = 400
        return response
    messages.success(request, _("移交单 %(n)s 已撤回") % {"n": sheet.number})
    return redirect("transfers:detail", pk=sheet.pk)


def _file(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(content_type != "application/pdf", filename) or ""
    return response


@login_required
@require_safe
def sheet_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet to sign on paper: lines, counts, both parties, times to the minute, a QR code."""
    user = _user(request)
    sheet = sheet_get(user, pk)
    items = _items(sheet)
    body = sheet_pdf(sheet, items, user)
    printout_record(actor=user, action="print.transfer_sheet", obj=sheet, project_id=sheet.project_id)
    what = _("移交单 %(n)s（%(c)s 项）") % {"n": sheet.number, "c": len(items)}
    usage_record(user=user, kind=UsageKind.PRINT, project_id=sheet.project_id, what=what)
    return _file(body, f"移交单-{sheet.number}.pdf", "application/pdf")


@login_required
@require_safe
def sheets_export(request: HttpRequest) -> HttpResponse:
    """A period's sheets as Excel, one row per line (the user's projects only)."""
    user = _user(request)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("请填写导出的起止日期"))
        return redirect("transfers:list")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        sheets = list(sheets_of_period(user, start, end))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("transfers:list")
    body = sheets_xlsx(sheets)
    for project_id in sorted({s.project_id for s in sheets}) or project_ids_of(user)[:1]:
        mine = [s for s in sheets if s.project_id == project_id]
        what = _("移交单 %(a)s 至 %(b)s（%(n)s 张）") % {"a": start, "b": end, "n": len(mine)}
        usage_record(user=user, kind=UsageKind.EXPORT, project_id=project_id, what=what)
    return _file(body, f"移交单-{start}-{end}.xlsx", XLSX)
