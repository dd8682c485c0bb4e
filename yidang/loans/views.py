"""Loan pages: my loans, asking for a folder, approvals, the archivist's desk, the register, a dashboard.

Every list is a query scoped to the user's projects (``yidang.loans.queries``); every change goes
through ``yidang.loans.actions``, whose DomainError comes back on the page with status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.archive.models import Archive
from yidang.core.errors import DomainError
from yidang.loans import actions
from yidang.loans.exports import XLSX, register_pdf, register_xlsx
from yidang.loans.forms import DecisionForm, LoanRequestForm, ReturnForm
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.queries import (
    approvals_waiting,
    archive_lendable_find,
    archive_lendable_get,
    desk_for,
    due_soon_loans,
    is_archivist,
    is_head,
    is_manager,
    loan_get,
    loans_visible_to,
    overdue_days,
    overdue_loans,
    register_rows,
    sees_register,
)
from yidang.printing.actions import printout_record

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _tabs(user: User) -> dict[str, bool]:
    return {"tab_approvals": is_head(user), "tab_desk": is_archivist(user), "tab_register": sees_register(user)}


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, {**_tabs(_user(request)), **context}, status=status)


@login_required
def my_loans(request: HttpRequest) -> HttpResponse:
    """The loans the user asked for, newest first, and what each waits for."""
    user = _user(request)
    qs = Loan.objects.filter(borrower=user, project__in=projects_of(user)).select_related("archive__room", "project")
    page = Paginator(qs.order_by("-requested_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(request, "loans/mine.html", {"page": page, "now": timezone.now()})


# ---- asking for a folder ------------------------------------------------------------------------


@login_required
def loan_request(request: HttpRequest) -> HttpResponse:
    """Ask for a folder: named by the archive page's 借阅 link (``?archive=``), or typed in."""
    user = _user(request)
    raw = request.POST.get("archive") or request.GET.get("archive") or ""
    fixed: Archive | None = archive_lendable_get(user, int(raw)) if raw.isdigit() else None
    form = LoanRequestForm(request.POST or None, fixed=fixed is not None)
    if request.method == "POST" and form.is_valid():
        archive = fixed or _find(form, user)
        if archive is not None:
            try:
                loan = actions.loan_request(
                    archive=archive,
                    purpose=form.cleaned_data["purpose"],
                    out_of_room=form.cleaned_data["out_of_room"],
                    actor=user,
                )
            except DomainError as exc:
                exc.add_to(form)
            else:
                messages.success(request, _("已提交借阅申请（第 %(id)s 号），等待审批") % {"id": loan.pk})
                return redirect("loans:detail", pk=loan.pk)
    status = 400 if form.errors else 200
    return _page(request, "loans/request.html", {"form": form, "archive": fixed}, status=status)


def _find(form: LoanRequestForm, user: User) -> Archive | None:
    found = archive_lendable_find(user, form.cleaned_data["folder"])
    if len(found) == 1:
        return found[0]
    if not found:
        form.add_error("folder", _("在您所在的项目中没有找到该档案"))
    else:
        form.add_error("folder", _("有多个项目的档案与之相符，请填写完整档案号"))
    return None


# ---- one loan and its steps ---------------------------------------------------------------------


def _can(user: User, loan: Loan) -> dict[str, bool]:
    mine = loan.borrower_id == user.pk
    deciding = loan.status == LoanStatus.REQUESTED and not mine and is_head(user)
    archivist = is_archivist(user)
    return {
        "can_approve": deciding and (loan.head_approved_at is None or is_manager(user)),
        "can_reject": deciding,
        "can_cancel": mine and loan.status in (LoanStatus.REQUESTED, LoanStatus.APPROVED),
        "can_checkout": archivist and loan.status == LoanStatus.APPROVED,
        "can_renew": (mine or archivist) and loan.status == LoanStatus.OUT and not loan.same_day,
        "can_return": archivist and loan.status == LoanStatus.OUT,
        "show_documents": sees_register(user) or (mine and loan.status in (LoanStatus.OUT, LoanStatus.RETURNED)),
    }


def _detail(request: HttpRequest, loan: Loan, error: str = "", status: int = 200) -> HttpResponse:
    user = _user(request)
    context = {
        "loan": loan,
        "documents": loan.documents.order_by("item_no"),
        "incidents": loan.incidents.prefetch_related("documents").select_related("recorded_by"),
        "decision_form": DecisionForm(),
        "error": error,
        "overdue": loan.status == LoanStatus.OUT and loan.due_at is not None and loan.due_at < timezone.now(),
        **_can(user, loan),
    }
    return _page(request, "loans/detail.html", context, status=status)


@login_required
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, loan_get(_user(request), pk))


def _step(request: HttpRequest, pk: int, run: Callable[[Loan], str]) -> HttpResponse:
    """Run one step on a loan the user may see; a refusal re-shows the loan with the reason (400)."""
    loan = loan_get(_user(request), pk)
    try:
        message = run(loan)
    except DomainError as exc:
        return _detail(request, loan_get(_user(request), pk), error=exc.message, status=400)
    messages.success(request, message)
    target = request.POST.get("next", "")
    if target.startswith("/loans/") and "//" not in target:  # back to the desk or approvals list it came from
        return redirect(target)
    return redirect("loans:detail", pk=pk)


def _note(request: HttpRequest) -> str:
    form = DecisionForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


@require_POST
@login_required
def loan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def run(loan: Loan) -> str:
        loan = actions.loan_approve(loan=loan, actor=request.user, note=_note(request))
        if loan.status == LoanStatus.APPROVED:
            return _("已批准，待档案管理员借出")
        return _("已审批，借出档案室还须客服经理审批")

    return _step(request, pk, run)


@require_POST
@login_required
def loan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def run(loan: Loan) -> str:
        actions.loan_reject(loan=loan, actor=request.user, note=_note(request))
        return _("已驳回该借阅申请")

    return _step(request, pk, run)


@require_POST
@login_required
def loan_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def run(loan: Loan) -> str:
        actions.loan_cancel(loan=loan, actor=request.user)
        return _("已撤回借阅申请")

    return _step(request, pk, run)


@require_POST
@login_required
def loan_checkout(request: HttpRequest, pk: int) -> HttpResponse:
    def run(loan: Loan) -> str:
        loan = actions.loan_checkout(loan=loan, actor=request.user)
        due = timezone.localtime(loan.due_at).strftime("%Y-%m-%d %H:%M") if loan.due_at else ""
        return _("已借出 %(n)s，应还 %(due)s") % {"n": loan.archive.number, "due": due}

    return _step(request, pk, run)


@require_POST
@login_required
def loan_renew(request: HttpRequest, pk: int) -> HttpResponse:
    def run(loan: Loan) -> str:
        loan = actions.loan_renew(loan=loan, actor=request.user)
        due = timezone.localtime(loan.due_at).strftime("%Y-%m-%d %H:%M") if loan.due_at else ""
        return _("已续借至 %(due)s") % {"due": due}

    return _step(request, pk, run)


@login_required
def loan_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The return check: the loan's file list to tick, damaged marks, and a note."""
    user = _user(request)
    loan = loan_get(user, pk)
    if not is_archivist(user):
        raise PermissionDenied("只有档案管理员可以办理归还")
    documents = list(loan.documents.select_related("doc_type").order_by("item_no"))
    form = ReturnForm(request.POST or None, documents=documents)
    if request.method == "POST" and form.is_valid():
        try:
            actions.loan_return(loan=loan, actor=user, check=form.check())
        except DomainError as exc:
            exc.add_to(form)
        else:
            messages.success(request, _("已收回 %(n)s，借阅已办结") % {"n": loan.archive.number})
            return redirect("loans:detail", pk=loan.pk)
    status = 400 if form.errors else 200
    return _page(request, "loans/return.html", {"loan": loan, "form": form}, status=status)


# ---- lists for heads, the archivist and the register -------------------------------------------


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not is_head(user):
        raise PermissionDenied("只有客服主管、客服经理审批借阅")
    return _page(request, "loans/approvals.html", {"loans": list(approvals_waiting(user)[:200])})


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not is_archivist(user):
        raise PermissionDenied("借阅台仅供档案管理员使用")
    now = timezone.now()
    return _page(request, "loans/desk.html", {"desk": desk_for(user, now), "now": now})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Loans due and overdue across the user's projects, with how often each was chased."""
    user = _user(request)
    if not sees_register(user):
        raise PermissionDenied("借阅看板仅供客服部使用")
    now = timezone.now()
    overdue = list(overdue_loans(user, now)[:200])
    today = timezone.localtime(now).date()
    for loan in overdue:
        loan.days_overdue = overdue_days(loan, today)  # type: ignore[attr-defined]
    visible = loans_visible_to(user)
    context = {
        "overdue": overdue,
        "due_soon": list(due_soon_loans(user, now)[:200]),
        "out_count": visible.filter(status=LoanStatus.OUT).count(),
        "waiting_count": visible.filter(status__in=[LoanStatus.REQUESTED, LoanStatus.APPROVED]).count(),
        "now": now,
    }
    return _page(request, "loans/dashboard.html", context)


def _register_filters(request: HttpRequest) -> tuple[str, str]:
    month = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    return month, request.GET.get("project", "")


def _register_title(month: str, project_code: str) -> str:
    return _("文件借阅登记表 %(m)s %(p)s") % {"m": month, "p": project_code}


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """文件借阅登记表: loans handed out in a month, of one project or all the user's."""
    user = _user(request)
    if not sees_register(user):
        raise PermissionDenied("借阅登记表仅供客服部使用")
    month, project_code = _register_filters(request)
    rows = register_rows(user, month=month, project_code=project_code)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "month": month,
        "project_code": project_code,
        "projects": projects_of(user).order_by("code"),
        "extra": urlencode({"month": month, "project": project_code}) + "&",
    }
    return _page(request, "loans/register.html", context)


def _file(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(content_type != "application/pdf", filename) or ""
    return response


def _register_output(request: HttpRequest, kind: str) -> HttpResponse:
    user = _user(request)
    if not sees_register(user):
        raise PermissionDenied("借阅登记表仅供客服部使用")
    month, project_code = _register_filters(request)
    loans = list(register_rows(user, month=month, project_code=project_code))
    title = _register_title(month, project_code).strip()
    project = projects_of(user).filter(code=project_code).first() if project_code else None
    printout_record(
        actor=user,
        action=f"{kind}.loan_register",
        obj=project or user,
        project_id=project.pk if project else None,
        data={"month": month, "rows": len(loans)},
    )
    if kind == "export":
        return _file(register_xlsx(loans, title), f"{title}.xlsx", XLSX)
    return _file(register_pdf(loans, title=title, printed_by=user), f"{title}.pdf", "application/pdf")


@login_required
def register_export(request: HttpRequest) -> HttpResponse:
    return _register_output(request, "export")


@login_required
def register_print(request: HttpRequest) -> HttpResponse:
    return _register_output(request, "print")
