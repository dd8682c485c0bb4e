"""Loans of paper folders: request → approval(s) → checkout → renewals → return check (closed).

Each step is one transaction with its audit row and an event on the household's timeline. Every
step that changes a loan first takes the folder's row lock (``archive_lock``), then the loan's:
all steps on one folder queue up behind each other, so two archivists handing out the same folder
at once give one loan and one clear refusal. The partial unique constraint (one loan out per
folder) stays as the last guard; should it ever fire, it becomes the same refusal, not a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of, roles_of
from yidang.accounts.roles import Role
from yidang.archive.actions import archive_lock
from yidang.archive.models import Archive, ArchiveStatus
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.incidents.actions import IncidentData, incident_report
from yidang.incidents.models import IncidentKind, IncidentReport
from yidang.loans.models import OPEN_STATUSES, Loan, LoanStatus
from yidang.loans.queries import HEADS, folder_is_confidential, paper_documents
from yidang.notifications.actions import notify
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind
from yidang.transfers.models import open_sheet_holding
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind
from yidang.workdays.queries import add_working_days

log = logging.getLogger(__name__)


def loan_view(loan: Loan) -> dict[str, Any]:
    """What an audit row says about a loan."""
    return {
        "archive": loan.archive.number,
        "borrower": loan.borrower.get_username(),
        "status": loan.status,
        "out_of_room": loan.out_of_room,
        "due_at": loan.due_at.isoformat() if loan.due_at else None,
        "renewals": loan.renewals,
    }


def _record(loan: Loan, actor: Any, action: str, kind: str, summary: str, **after: Any) -> None:
    audit_record(
        actor=actor, change=Change(action, loan, after={**loan_view(loan), **after}, project_id=loan.project_id)
    )
    timeline_add(room_id=loan.archive.room_id, kind=kind, summary=summary, actor=actor, obj=loan)


def _lock(loan: Loan) -> Loan:
    """The folder's row lock, then the loan's: the one order every loan step takes them in."""
    archive = archive_lock(loan.archive)
    # of=self: the loan's row only, not its project's and borrower's (other loans and sheets need those)
    locked = Loan.objects.select_for_update(of=("self",)).select_related("borrower", "project").get(pk=loan.pk)
    locked.archive = archive
    return locked


def _staff_of(user: Any, project_id: int) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and project_id in project_ids_of(user)


def _require_role(actor: Any, loan: Loan, roles: Iterable[Role], message: str) -> set[Role]:
    mine = roles_of(actor) if getattr(actor, "is_authenticated", False) else set()
    if not _staff_of(actor, loan.project_id) or not mine & set(roles):
        raise DomainError(message, code="forbidden")
    return mine


def _status_is(loan: Loan, *wanted: str, doing: str) -> None:
    if loan.status not in wanted:
        raise DomainError(
            _("该借阅当前为“%(s)s”，不能%(doing)s") % {"s": loan.get_status_display(), "doing": doing}, code="state"
        )


def _local(at: datetime | None) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else ""


# ---- request, approvals, rejection, withdrawal -----------------------------------------------------


@transaction.atomic
def loan_request(*, archive: Archive, purpose: str, actor: Any, out_of_room: bool = False) -> Loan:
    """Ask to borrow a paper folder. Any staff of the folder's project may ask, of any department."""
    if not _staff_of(actor, archive.project_id):
        raise DomainError(_("只能借阅本人所在项目的档案"), code="forbidden")
    purpose = purpose.strip()
    if not purpose:
        raise DomainError(_("请填写借阅目的"), field="purpose")
    archive = archive_lock(archive)
    if archive.status == ArchiveStatus.TRANSFERRED:
        raise DomainError(_("档案 %(n)s 已移交，纸质档案不在本处，不能借阅") % {"n": archive.number})
    pending = Loan.objects.filter(archive=archive, borrower=actor, status__in=OPEN_STATUSES).first()
    if pending is not None:
        raise DomainError(
            _("您已有该档案未办结的借阅（第 %(id)s 号，%(s)s）") % {"id": pending.pk, "s": pending.get_status_display()}
        )
    loan = Loan.objects.create(
        archive=archive, project_id=archive.project_id, borrower=actor, purpose=purpose[:200], out_of_room=out_of_room
    )
    where = _("借出档案室") if out_of_room else _("在档案室查阅")
    summary = _("%(who)s 申请借阅档案（%(where)s）：%(p)s") % {"who": actor, "where": where, "p": loan.purpose}
    _record(loan, actor, "loan.request", EventKind.LOAN_REQUEST, summary, purpose=loan.purpose)
    return loan


@transaction.atomic
def loan_approve(*, loan: Loan, actor: Any, note: str = "") -> Loan:
    """A CS head approves; a loan out of the archive room needs the CS manager too.

    A manager's approval of a request no head has approved yet signs both steps at once.
    """
    loan = _lock(loan)
    roles = _require_role(actor, loan, HEADS, _("借阅须由客服主管或客服经理审批"))
    _status_is(loan, LoanStatus.REQUESTED, doing=_("审批"))
    if actor.pk == loan.borrower_id:
        raise DomainError(_("不能审批本人的借阅申请"), code="forbidden")
    now, steps = timezone.now(), []
    if loan.head_approved_at is None:
        loan.head_approved_by, loan.head_approved_at = actor, now
        steps.append("head")
    elif Role.CS_MANAGER not in roles:
        raise DomainError(_("借出档案室须再经客服经理审批"), code="forbidden")
    if loan.out_of_room and loan.manager_approved_at is None and Role.CS_MANAGER in roles:
        loan.manager_approved_by, loan.manager_approved_at = actor, now
        steps.append("manager")
    if not loan.out_of_room or loan.manager_approved_at is not None:
        loan.status = LoanStatus.APPROVED
    loan.decision_note = _note(loan.decision_note, note)
    loan.save()
    if loan.status == LoanStatus.APPROVED:
        summary = _("借阅申请已批准（%(who)s），待档案管理员借出") % {"who": actor}
    else:
        summary = _("客服主管 %(who)s 已审批借阅，借出档案室待客服经理审批") % {"who": actor}
    _record(loan, actor, "loan.approve", EventKind.LOAN_REQUEST, summary, steps=steps, note=note.strip())
    return loan


def _note(old: str, new: str) -> str:
    new = new.strip()
    return (f"{old}；{new}" if old and new else old or new)[:200]


@transaction.atomic
def loan_reject(*, loan: Loan, actor: Any, note: str) -> Loan:
    """A CS head turns a request down, saying why."""
    loan = _lock(loan)
    _require_role(actor, loan, HEADS, _("借阅须由客服主管或客服经理审批"))
    _status_is(loan, LoanStatus.REQUESTED, doing=_("驳回"))
    if not note.strip():
        raise DomainError(_("请填写驳回理由"), field="note")
    loan.status = LoanStatus.REJECTED
    loan.decision_note = _note(loan.decision_note, note)
    loan.save()
    summary = _("借阅申请被驳回（%(who)s）：%(n)s") % {"who": actor, "n": note.strip()}
    _record(loan, actor, "loan.reject", EventKind.LOAN_REQUEST, summary, note=note.strip())
    return loan


@transaction.atomic
def loan_cancel(*, loan: Loan, actor: Any) -> Loan:
    """The borrower withdraws a request, approved or not, before the folder is handed out."""
    loan = _lock(loan)
    if getattr(actor, "pk", None) != loan.borrower_id:
        raise DomainError(_("只有借阅人本人可以撤回申请"), code="forbidden")
    _status_is(loan, LoanStatus.REQUESTED, LoanStatus.APPROVED, doing=_("撤回"))
    loan.status = LoanStatus.CANCELLED
    loan.save()
    _record(loan, actor, "loan.cancel", EventKind.LOAN_REQUEST, _("%(who)s 撤回了借阅申请") % {"who": actor})
    return loan


# ---- checkout and renewal -------------------------------------------------------------------------


def _already_out(archive: Archive) -> DomainError:
    other = Loan.objects.filter(archive=archive, status=LoanStatus.OUT).select_related("borrower").first()
    if other is None:
        return DomainError(_("档案 %(n)s 已被借出，须归还后才能再借出") % {"n": archive.number}, code="conflict")
    return DomainError(
        _("档案 %(n)s 已借给 %(who)s（应还 %(due)s），须归还后才能再借出")
        % {"n": archive.number, "who": other.borrower, "due": _local(other.due_at)},
        code="conflict",
    )


def folder_is_out(archive: Archive) -> bool:
    """Whether a loan of the folder is out; read under the folder's row lock, so it stays true."""
    return Loan.objects.filter(archive=archive, status=LoanStatus.OUT).exists()


def loan_due_at(*, start: datetime, same_day: bool) -> datetime:
    """When a loan handed out at ``start`` is due: the same day, or after the configured working days."""
    return add_working_days(start, 0 if same_day else settings.YIDANG_LOAN_WORKING_DAYS)


@transaction.atomic
def loan_checkout(*, loan: Loan, actor: Any) -> Loan:
    """The archivist hands the folder out: it must be on its shelf and not out to anyone else.

    Due after ``YIDANG_LOAN_WORKING_DAYS`` working days, or at the end of the working day when the
    folder holds 一级保密 papers (``folder_is_confidential``) and ``YIDANG_LOAN_CONFIDENTIAL_SAME_DAY``.
    The papers in the folder become the loan's file list, checked again on return.
    """
    loan = _lock(loan)
    archive = loan.archive
    _require_role(actor, loan, [Role.ARCHIVIST], _("档案须由本项目的档案管理员借出"))
    if loan.status == LoanStatus.OUT:
        raise DomainError(_("该借阅已借出（%(at)s）") % {"at": _local(loan.checked_out_at)}, code="conflict")
    _status_is(loan, LoanStatus.APPROVED, doing=_("借出（须先获批）"))
    if archive.status == ArchiveStatus.TRANSFERRED:
        raise DomainError(_("档案 %(n)s 已移交，不能借出") % {"n": archive.number})
    if folder_is_out(archive):
        raise _already_out(archive)
    in_transit = open_sheet_holding(archive.pk)
    if in_transit is not None:
        raise DomainError(
            _("档案 %(n)s 在待签收的移交单 %(s)s 上，签收或撤回后才能借出")
            % {"n": archive.number, "s": in_transit.number},
            code="conflict",
        )
    if archive.location_id is None:
        raise DomainError(_("档案袋 %(n)s 未上架（没有存放位置），请先上架再借出") % {"n": archive.number})
    now = timezone.now()
    same_day = settings.YIDANG_LOAN_CONFIDENTIAL_SAME_DAY and folder_is_confidential(archive)
    loan.status, loan.checked_out_by, loan.checked_out_at = LoanStatus.OUT, actor, now
    loan.same_day, loan.due_at = same_day, loan_due_at(start=now, same_day=same_day)
    try:
        with transaction.atomic():
            loan.save()
    except IntegrityError:  # the constraint, should a path ever skip the lock
        raise _already_out(archive) from None
    documents = list(paper_documents(archive))
    loan.documents.set(documents)
    usage_record(
        user=loan.borrower,
        kind=UsageKind.LOAN,
        archive=archive,
        purpose=loan.purpose,
        what=_("纸质档案袋 %(n)s（%(c)s 件）") % {"n": archive.number, "c": len(documents)},
    )
    summary = _("档案袋借给 %(who)s，应还 %(due)s") % {"who": loan.borrower, "due": _local(loan.due_at)}
    if same_day:
        summary += _("（一级保密，当日归还）")
    _record(loan, actor, "loan.checkout", EventKind.LOAN_OUT, summary, documents=len(documents), same_day=same_day)
    return loan


@transaction.atomic
def loan_renew(*, loan: Loan, actor: Any) -> Loan:
    """One more period, counted from the current due date; only before it, up to the allowed renewals."""
    loan = _lock(loan)
    is_borrower = getattr(actor, "pk", None) == loan.borrower_id
    if not is_borrower:
        _require_role(actor, loan, [Role.ARCHIVIST], _("只有借阅人或档案管理员可以办理续借"))
    _status_is(loan, LoanStatus.OUT, doing=_("续借"))
    assert loan.due_at is not None
    if timezone.now() >= loan.due_at:
        raise DomainError(_("已过应还时间（%(due)s），不能续借，请先归还档案") % {"due": _local(loan.due_at)})
    if loan.same_day:
        raise DomainError(_("该档案含一级保密文件，须当日归还，不能续借"))
    limit = settings.YIDANG_LOAN_MAX_RENEWALS
    if loan.renewals >= limit:
        raise DomainError(_("已续借 %(n)s 次，达到上限（%(m)s 次），不能再续借") % {"n": loan.renewals, "m": limit})
    before = loan.due_at
    loan.due_at = add_working_days(before, settings.YIDANG_LOAN_WORKING_DAYS)
    loan.renewals += 1
    loan.save(update_fields=["due_at", "renewals"])
    summary = _("续借至 %(due)s（第 %(n)s 次）") % {"due": _local(loan.due_at), "n": loan.renewals}
    _record(loan, actor, "loan.renew", EventKind.LOAN_RENEW, summary, previous_due_at=before.isoformat())
    return loan


# ---- return check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnCheck:
    """The archivist's tick list: the documents that came back, those damaged, and what was seen.

    A document of the loan's file list not in ``returned`` is missing; a damaged one came back.
    """

    returned: frozenset[int] = field(default_factory=frozenset)
    damaged: frozenset[int] = field(default_factory=frozenset)
    note: str = ""


@transaction.atomic
def loan_return(*, loan: Loan, actor: Any, check: ReturnCheck) -> Loan:
    """Take the folder back, checked against the file list it went out with; the loan is then closed.

    Missing and damaged documents become one loss/damage report (``incidents``) each kind, on the timeline too.
    """
    loan = _lock(loan)
    _require_role(actor, loan, [Role.ARCHIVIST], _("档案须由本项目的档案管理员收回"))
    _status_is(loan, LoanStatus.OUT, doing=_("归还"))
    listed = {d.pk: d for d in loan.documents.order_by("item_no")}
    returned, damaged = set(check.returned) | set(check.damaged), set(check.damaged)
    if returned - set(listed):
        raise DomainError(_("所勾选的文件不在本次借出的文件清单中"), field="returned")
    missing = set(listed) - returned
    note = check.note.strip()
    if (missing or damaged) and not note:
        raise DomainError(_("有文件缺失或损坏，请在“归还检查”中写明情况"), field="note")
    now = timezone.now()
    loan.status, loan.returned_to, loan.returned_at = LoanStatus.RETURNED, actor, now
    loan.return_note = note[:500] or _("清点无误")
    loan.save()
    summary = _("档案袋已归还（%(who)s 收回）：%(n)s") % {"who": actor, "n": loan.return_note}
    counts = {"documents": len(listed), "missing": len(missing), "damaged": len(damaged)}
    _record(loan, actor, "loan.return", EventKind.LOAN_RETURN, summary, **counts)
    for kind, ids in ((IncidentKind.MISSING, missing), (IncidentKind.DAMAGED, damaged)):
        if ids:
            _incident(loan, actor, kind, [listed[i] for i in sorted(ids, key=lambda i: listed[i].item_no)], note, now)
    return loan


def _incident(loan: Loan, actor: Any, kind: str, documents: list[Any], note: str, at: datetime) -> IncidentReport:
    """A loss or damage report of the incidents app, naming the loan it was found at."""
    data = IncidentData(kind=kind, documents=tuple(d.pk for d in documents), note=note, found_at=at)
    return incident_report(archive=loan.archive, data=data, actor=actor, loan=loan)


# ---- overdue reminders ----------------------------------------------------------------------------


def _archivists(loan: Loan) -> list[User]:
    return list(User.objects.filter(groups__name=Role.ARCHIVIST.value, projects=loan.project_id, is_active=True))


def _reminder(loan: Loan, archivists: list[User]) -> EmailMessage | None:
    cc = sorted({u.email for u in archivists if u.email} - {loan.borrower.email})
    to = [loan.borrower.email] if loan.borrower.email else []
    if not to and not cc:
        return None
    subject = _("【档案催还】%(n)s 已过应还时间") % {"n": loan.archive.number}
    body = _(
        "%(who)s：\n\n您借阅的纸质档案 %(n)s（%(room)s）应于 %(due)s 归还，现已逾期。"
        "请尽快交还档案管理员；如需继续使用，请归还后重新申请。\n\n借阅记录：%(url)s\n"
    ) % {
        "who": loan.borrower,
        "n": loan.archive.number,
        "room": loan.archive.room.code,
        "due": _local(loan.due_at),
        "url": settings.YIDANG_BASE_URL.rstrip("/") + reverse("loans:detail", args=[loan.pk]),
    }
    return EmailMessage(subject, body, to=to or cc[:1], cc=cc if to else cc[1:])


def _bell(loan: Loan, archivists: list[User], now: datetime) -> None:
    """The same reminder on the bell of the borrower and the project's archivists, once a day per loan."""
    day = timezone.localtime(now).date().isoformat()
    text = _("借阅逾期：%(n)s（%(room)s）应于 %(due)s 归还") % {
        "n": loan.archive.number,
        "room": loan.archive.room.code,
        "due": _local(loan.due_at),
    }
    users = [loan.borrower, *archivists]
    notify(
        users=users,
        key=f"loan.overdue:{loan.pk}:{day}",
        text=text,
        url=reverse("loans:detail", args=[loan.pk]),
        email=False,
    )


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # a mail server down must not undo the claim; the desk still shows the loan
        log.exception("overdue reminder mail failed: %s", message.subject)


def _claimable(now: datetime) -> Any:
    day_start = timezone.make_aware(datetime.combine(timezone.localtime(now).date(), time.min))
    return Loan.objects.filter(status=LoanStatus.OUT, due_at__lt=now).filter(
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=day_start)
    )


def loans_remind_overdue(*, now: datetime | None = None, batch: int = 100) -> int:
    """Remind borrower and archivists of every overdue loan not yet reminded today; returns how many.

    Idempotent and safe to run from several workers at once: each batch is claimed with
    ``SELECT … FOR UPDATE SKIP LOCKED`` and marked ``last_reminded_at`` in the same transaction,
    so a loan is reminded at most once per local day. Mail leaves after the claim commits.
    """
    now = now or timezone.now()
    reminded = 0
    while True:
        with transaction.atomic():
            claimed = list(
                _claimable(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("archive__room", "borrower")
                .order_by("due_at")[:batch]
            )
            if not claimed:
                return reminded
            Loan.objects.filter(pk__in=[loan.pk for loan in claimed]).update(
                last_reminded_at=now, reminder_count=F("reminder_count") + 1
            )
            for loan in claimed:
                _remind_one(loan, now)
        reminded += len(claimed)


def _remind_one(loan: Loan, now: datetime) -> None:
    audit_record(
        actor="system: overdue reminder",
        change=Change(
            "loan.remind",
            loan,
            after={"due_at": _local(loan.due_at), "reminder": loan.reminder_count + 1},
            project_id=loan.project_id,
        ),
    )
    archivists = _archivists(loan)
    _bell(loan, archivists, now)
    message = _reminder(loan, archivists)  # one mail with the archivists in copy, not one each
    if message is not None:
        transaction.on_commit(partial(_send, message))
