"""Reads about loans that encode a rule: who sees which loans, what waits for whom, the register.

Visibility is an SQL filter on the user's projects (``loans_visible_to``): customer-service staff
and the general manager (who may read files, ``archive.view_archive_file``) see every loan of
their projects — the lending register is theirs; anyone else sees only the loans they borrowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of, roles_of
from yidang.accounts.roles import Role
from yidang.archive.models import Archive, ArchiveStatus, Document
from yidang.core.todo import TodoItem
from yidang.loans.models import Loan, LoanStatus

HEADS = frozenset({Role.CS_SUPERVISOR, Role.CS_MANAGER})
CONFIDENTIAL = 1  # DocumentType.confidentiality 一级保密


def is_head(user: User) -> bool:
    """A CS head (客服主管 or 客服经理): approves loans."""
    return bool(roles_of(user) & HEADS)


def is_manager(user: User) -> bool:
    return Role.CS_MANAGER in roles_of(user)


def is_archivist(user: User) -> bool:
    """The archivist hands folders out and takes them back."""
    return Role.ARCHIVIST in roles_of(user)


def sees_register(user: User) -> bool:
    return user.has_perm("archive.view_archive_file")


def loans_visible_to(user: User) -> QuerySet[Loan]:
    """Loans of the user's projects: all of them for register readers, else the user's own."""
    qs = Loan.objects.filter(project__in=projects_of(user))
    return qs if sees_register(user) else qs.filter(borrower=user)


def loan_get(user: User, pk: int) -> Loan:
    """One loan the user may see; any other id answers 404."""
    loan = (
        loans_visible_to(user)
        .select_related("archive__room", "project", "borrower", "head_approved_by", "manager_approved_by")
        .select_related("checked_out_by", "returned_to")
        .filter(pk=pk)
        .first()
    )
    if loan is None:
        raise Http404("没有找到该借阅")
    return loan


def loans_held_by(user: Any) -> QuerySet[Loan]:
    """Folders the user has out and not yet returned: exit clearance refuses while any remain."""
    return Loan.objects.filter(borrower=user, status=LoanStatus.OUT)


# ---- folders one may ask to borrow --------------------------------------------------------------


def archives_lendable_to(user: User) -> QuerySet[Archive]:
    """Folders of the user's projects still held here (not transferred): any staff may ask for them."""
    return Archive.objects.filter(project__in=projects_of(user)).exclude(status=ArchiveStatus.TRANSFERRED)


def archive_lendable_get(user: User, pk: int) -> Archive:
    archive = archives_lendable_to(user).select_related("room", "project").filter(pk=pk).first()
    if archive is None:
        raise Http404("没有找到该档案")
    return archive


def archive_lendable_find(user: User, text: str) -> list[Archive]:
    """Folders whose archive number or room code is ``text`` (case-insensitive)."""
    text = text.strip()
    if not text:
        return []
    qs = archives_lendable_to(user).filter(Q(number__iexact=text) | Q(room__code__iexact=text))
    return list(qs.select_related("room", "project")[:5])


def folder_is_confidential(archive: Archive) -> bool:
    """A folder is confidential when it holds the paper of at least one 一级保密 document type.

    The type's ``confidentiality`` (admin, 文件类型 → 密级) decides: a folder of 二级 / 一般 papers
    only, or an empty one, is lent for the normal number of working days.
    """
    return Document.objects.filter(archive=archive, paper_present=True, doc_type__confidentiality=CONFIDENTIAL).exists()


def paper_documents(archive: Archive) -> QuerySet[Document]:
    """The folder's file list: the documents whose paper is in the folder, in item order."""
    return Document.objects.filter(archive=archive, paper_present=True).order_by("item_no")


# ---- what waits for whom ------------------------------------------------------------------------


def approvals_waiting(user: User) -> QuerySet[Loan]:
    """Requests the user may decide now: a head's first approval; a manager's as well the second."""
    roles = roles_of(user)
    if not roles & HEADS:
        return Loan.objects.none()
    qs = Loan.objects.filter(project__in=projects_of(user), status=LoanStatus.REQUESTED).exclude(borrower=user)
    if Role.CS_MANAGER not in roles:
        qs = qs.filter(head_approved_at__isnull=True)
    return qs.select_related("archive__room", "project", "borrower", "head_approved_by").order_by("requested_at")


def _today_bounds(now: datetime) -> tuple[datetime, datetime]:
    today = timezone.localtime(now).date()
    start = timezone.make_aware(datetime.combine(today, time.min))
    return start, start + timedelta(days=1)


@dataclass
class Desk:
    """The archivist's desk: folders to hand out, out, due today, overdue (all of the user's projects)."""

    to_hand_out: list[Loan]
    out: list[Loan]
    due_today: list[Loan]
    overdue: list[Loan]


def _desk_loans(user: User) -> QuerySet[Loan]:
    return Loan.objects.filter(project__in=projects_of(user)).select_related(
        "archive__room", "archive__location", "project", "borrower"
    )


def desk_for(user: User, now: datetime | None = None) -> Desk:
    now = now or timezone.now()
    _, tomorrow = _today_bounds(now)
    qs = _desk_loans(user)
    out = list(qs.filter(status=LoanStatus.OUT).order_by("due_at"))
    return Desk(
        to_hand_out=list(qs.filter(status=LoanStatus.APPROVED).order_by("requested_at")),
        out=out,
        due_today=[loan for loan in out if loan.due_at and now <= loan.due_at < tomorrow],
        overdue=[loan for loan in out if loan.due_at and loan.due_at < now],
    )


def overdue_loans(user: User, now: datetime | None = None) -> QuerySet[Loan]:
    """Loans of the user's visible set still out after their due time, most overdue first."""
    now = now or timezone.now()
    qs = loans_visible_to(user).filter(status=LoanStatus.OUT, due_at__lt=now)
    return qs.select_related("archive__room", "project", "borrower").order_by("due_at")


def due_soon_loans(user: User, now: datetime | None = None, days: int = 2) -> QuerySet[Loan]:
    """Loans still out that fall due from now until the end of ``days`` calendar days from today."""
    now = now or timezone.now()
    _, tomorrow = _today_bounds(now)
    qs = loans_visible_to(user).filter(
        status=LoanStatus.OUT, due_at__gte=now, due_at__lt=tomorrow + timedelta(days=days - 1)
    )
    return qs.select_related("archive__room", "project", "borrower").order_by("due_at")


def overdue_days(loan: Loan, today: date) -> int:
    """Calendar days a loan is past its due date (0 on the day it fell due)."""
    return (today - timezone.localtime(loan.due_at).date()).days if loan.due_at else 0


# ---- the lending register (文件借阅登记表) -----------------------------------------------------


def month_bounds(month: str) -> tuple[datetime, datetime] | None:
    """``2026-11`` → the month's first instant and the next month's, local time; None if not a month."""
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        return None
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )


def register_rows(user: User, *, month: str, project_code: str = "") -> QuerySet[Loan]:
    """Loans handed out in ``month`` (``YYYY-MM``), in the user's visible set, in hand-out order."""
    bounds = month_bounds(month)
    if bounds is None:
        return Loan.objects.none()
    qs = loans_visible_to(user).filter(checked_out_at__gte=bounds[0], checked_out_at__lt=bounds[1])
    if project_code:
        qs = qs.filter(project__code=project_code)
    return (
        qs.select_related(
            "archive__room", "project", "borrower", "head_approved_by", "manager_approved_by", "checked_out_by"
        )
        .select_related("returned_to")
        .prefetch_related("incidents")
        .order_by("checked_out_at", "id")
    )


# ---- today's work on the home page ----------------------------------------------------------------


def todo_for(user: User) -> list[TodoItem]:
    """Loans waiting for the user: approvals, folders to hand out, due and overdue, the user's own."""
    now = timezone.now()
    items = [
        TodoItem(_("借阅待审批"), approvals_waiting(user).count(), reverse("loans:approvals")),
        TodoItem(
            _("我的借阅已逾期"),
            Loan.objects.filter(borrower=user, status=LoanStatus.OUT, due_at__lt=now).count(),
            reverse("loans:mine"),
            urgent=True,
        ),
    ]
    if is_archivist(user):
        desk = desk_for(user, now)
        url = reverse("loans:desk")
        items += [
            TodoItem(_("待借出档案"), len(desk.to_hand_out), url),
            TodoItem(_("今日应还档案"), len(desk.due_today), url),
            TodoItem(_("逾期未还档案"), len(desk.overdue), url, urgent=True),
        ]
    return items
