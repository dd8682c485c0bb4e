"""Changes of state of access requests: filing, deciding, cancelling, reading at the desk, copies.

Each action is one transaction with its audit row (and, where a household's story changes, its
timeline event). Every rule a user can break is a DomainError with a message that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.access.copies import copy_make
from yidang.access.models import AccessRequest, CopyFor, CopyKind, ReadingSession, RequestKind, RequestStatus
from yidang.access.queries import (
    APPROVER_ROLES,
    archives_named,
    documents_named,
    kinds_user_may_file,
    owner_matching,
    was_read,
)
from yidang.accounts.models import User
from yidang.accounts.queries import is_customer_service, project_ids_of, roles_of
from yidang.archive.models import Archive, Document
from yidang.archive.scans import JPEG, PDF, PNG, scan_inspect
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.people import crypto
from yidang.people.idnumbers import mask_id, normalize_id
from yidang.places.models import Project
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

PROOF_KINDS = (PDF, JPEG, PNG)
COPY_USE = {
    CopyKind.COPY: UsageKind.COPY,
    CopyKind.PRINT: UsageKind.PRINT,
    CopyKind.EXPORT: UsageKind.EXPORT,
    CopyKind.PHOTO: UsageKind.COPY,
}


@dataclass
class RequestData:
    """What a request form (or the API) collects. ``codes`` (room codes / archive numbers) and ``items`` are as typed."""

    kind: str
    project: Project
    codes: str
    purpose: str
    window_start: datetime
    window_end: datetime
    visitor_name: str = ""
    visitor_org: str = ""
    visitor_id_number: str = ""
    proof: File[Any] | None = None
    copy_kind: str = ""
    copy_for: str = ""
    items: str = ""


def _change(request: AccessRequest, action: str, **after: Any) -> Change:
    return Change(action, request, after=after, project_id=request.project_id)


def _lock(request: AccessRequest) -> AccessRequest:
    """Re-read a request under its row lock: the one place a decision serialises."""
    return AccessRequest.objects.select_for_update().select_related("project", "requester").get(pk=request.pk)


# ---- filing ---------------------------------------------------------------------------------------


def access_request_file(*, data: RequestData, actor: User) -> AccessRequest:
    """File a request. The proof (owners, outsiders) is checked from its bytes and stored first."""
    _may_file(actor, data)
    purpose = " ".join(data.purpose.split())
    if not purpose:
        raise DomainError(_("请写明查阅目的"), field="purpose")
    _window_valid(data.window_start, data.window_end)
    archives = archives_named(data.project, data.codes)
    documents = documents_named(archives, data.items) if data.kind == RequestKind.COPY else []
    visitor = _visitor(data, archives)
    proof_name = _proof_store(data.proof) if _needs_proof(data) else ""
    try:
        return _record(data, actor, purpose, archives, documents, visitor, proof_name)
    except BaseException:
        if proof_name:
            default_storage.delete(proof_name)
        raise


@transaction.atomic
def _record(
    data: RequestData,
    actor: User,
    purpose: str,
    archives: list[Archive],
    documents: list[Document],
    visitor: dict[str, Any],
    proof_name: str,
) -> AccessRequest:
    request = AccessRequest.objects.create(
        project=data.project,
        kind=data.kind,
        copy_kind=data.copy_kind if data.kind == RequestKind.COPY else "",
        copy_for=_copy_for(data, actor) if data.kind == RequestKind.COPY else "",
        requester=actor,
        department=actor.get_department_display(),
        purpose=purpose[:200],
        window_start=data.window_start,
        window_end=data.window_end,
        proof=proof_name,
        **visitor,
    )
    request.archives.set(archives)
    request.documents.set(documents)
    after = {
        "kind": request.kind,
        "copy_kind": request.copy_kind,
        "archives": [a.number for a in archives],
        "items": [d.item_no for d in documents],
        "purpose": request.purpose,
        "window": [request.window_start.isoformat(), request.window_end.isoformat()],
        "visitor": request.visitor_label,
        "proof": bool(proof_name),
    }
    audit_record(actor=actor, change=_change(request, "access.request", **after))
    return request


def _may_file(actor: User, data: RequestData) -> None:
    if data.kind not in kinds_user_may_file(actor):
        if data.kind in (RequestKind.OWNER, RequestKind.OUTSIDER):
            raise DomainError(_("业主和外部人员的查阅申请由客服人员在前台登记"), code="forbidden")
        raise DomainError(_("客服人员可直接查阅本项目档案，无需提交查阅申请"), code="forbidden")
    if data.project.pk not in project_ids_of(actor):
        raise DomainError(_("只能申请本人所属项目的档案"), field="project", code="forbidden")
    if data.kind == RequestKind.COPY:
        if data.copy_kind not in CopyKind.values:
            raise DomainError(_("请选择复印、打印、导出或拍照"), field="copy_kind")
        _copy_for(data, actor)


def _copy_for(data: RequestData, actor: User) -> str:
    """Staff of other departments copy for their own work; CS staff also register owners' and outsiders' copies."""
    copy_for = data.copy_for or CopyFor.SELF
    if copy_for not in CopyFor.values:
        raise DomainError(_("请选择复制件的用途"), field="copy_for")
    if copy_for != CopyFor.SELF and not is_customer_service(actor):
        raise DomainError(_("为业主或外部人员复制，须由客服人员在前台登记"), field="copy_for", code="forbidden")
    return copy_for


def _window_valid(start: datetime, end: datetime) -> None:
    if end <= start:
        raise DomainError(_("查阅截止时间应晚于开始时间"), field="window_end")
    if end <= timezone.now():
        raise DomainError(_("查阅截止时间已过，请重新选择时间"), field="window_end")


def _visitor_kind(data: RequestData) -> str:
    """Whose identity the request rests on: ``owner``, ``outsider`` or ``""`` (the requester themselves)."""
    if data.kind == RequestKind.OWNER or (data.kind == RequestKind.COPY and data.copy_for == CopyFor.OWNER):
        return RequestKind.OWNER
    if data.kind == RequestKind.OUTSIDER or (data.kind == RequestKind.COPY and data.copy_for == CopyFor.OUTSIDER):
        return RequestKind.OUTSIDER
    return ""


def _needs_proof(data: RequestData) -> bool:
    return bool(_visitor_kind(data))


def _visitor(data: RequestData, archives: list[Archive]) -> dict[str, Any]:
    """The visitor's fields: an owner is checked against the household (keyed hash); the ID is kept masked only."""
    who = _visitor_kind(data)
    if not who:
        return {}
    name = " ".join(data.visitor_name.split())
    if not name:
        raise DomainError(_("请填写来访人姓名"), field="visitor_name")
    fields: dict[str, Any] = {"visitor_name": name[:50], "visitor_org": " ".join(data.visitor_org.split())[:100]}
    number = normalize_id(data.visitor_id_number)
    if who == RequestKind.OWNER:
        person = owner_matching(archives, number)
        if person.name != name:
            raise DomainError(
                _("证件号码与所填姓名不是同一位业主，请核对身份证件"), field="visitor_name", code="identity"
            )
        fields["visitor_person"] = person
    elif not fields["visitor_org"]:
        raise DomainError(_("请填写来访人单位（个人来访请填写“个人”）"), field="visitor_org")
    if number:
        fields |= {"visitor_id_hash": crypto.lookup_hash(number), "visitor_id_masked": mask_id(number)}
    return fields


def _proof_store(upload: File[Any] | None) -> str:
    """Check the proof from its bytes (PDF, JPEG or PNG) and store it under its digest."""
    if upload is None:
        raise DomainError(_("请上传证明材料（PDF、JPEG 或 PNG）"), field="proof")
    try:
        inspected = scan_inspect(upload)
    except DomainError as exc:
        raise DomainError(exc.message, field="proof", code=exc.code) from None
    if inspected.kind not in PROOF_KINDS:
        raise DomainError(_("证明材料只接受 PDF、JPEG 或 PNG 文件"), field="proof")
    now = timezone.localdate()
    name = f"access/proof/{now:%Y/%m}/{inspected.sha256}.{inspected.kind.ext}"
    upload.seek(0)
    return default_storage.save(name, upload) if not default_storage.exists(name) else name


# ---- deciding ----------------------------------------------------------------------------------


def access_request_approve(*, request: AccessRequest, actor: User, note: str = "") -> AccessRequest:
    """Approve. A reading request then opens its files to its reader for its window; a copy request
    has its copy made now (watermarked), recorded in the usage ledger, with the fee for an owner's copy."""
    stored: list[str] = []
    try:
        return _approve(request, actor, note, stored)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def _approve(request: AccessRequest, actor: User, note: str, stored: list[str]) -> AccessRequest:
    req = _lock(request)
    _decidable(req, actor)
    if req.window_end <= timezone.now():
        raise DomainError(_("该申请的时间段已过，不能再批准；请申请人重新提交"), code="expired")
    now = timezone.now()
    req.status, req.decided_by, req.decided_at = RequestStatus.APPROVED, actor, now
    req.decision_note = " ".join(note.split())[:200]
    after: dict[str, Any] = {"status": req.status, "note": req.decision_note}
    if req.kind == RequestKind.COPY:
        after |= _copy_produce(req, actor, stored)
    req.save()
    audit_record(actor=actor, change=_change(req, "access.approve", **after))
    kind = EventKind.ACCESS_COPY if req.kind == RequestKind.COPY else EventKind.ACCESS_GRANTED
    for archive in req.archives.all():
        timeline_add(room_id=archive.room_id, kind=kind, summary=_timeline_summary(req), actor=actor, obj=req)
    return req


def _copy_produce(req: AccessRequest, actor: User, stored: list[str]) -> dict[str, Any]:
    made = copy_make(req, actor)
    req.copy_file.save(f"copy-{req.pk}.pdf", ContentFile(made.pdf), save=False)
    stored.append(req.copy_file.name or "")
    req.copy_pages, req.copy_made_at = made.pages, timezone.now()
    if req.copy_for == CopyFor.OWNER:
        req.fee = (Decimal(made.pages) * settings.YIDANG_COPY_FEE_PER_PAGE).quantize(Decimal("0.01"))
    kind = COPY_USE[CopyKind(req.copy_kind)]
    what = str(req.get_copy_kind_display())
    for doc in made.documents:
        usage_record(user=actor, kind=kind, document=doc, request=req, visitor=req.visitor_label, what=_use(what, doc))
    for archive in made.catalogues:
        usage_record(
            user=actor, kind=kind, archive=archive, request=req, visitor=req.visitor_label, what=_use(what, archive)
        )
    return {
        "pages": made.pages,
        "fee": str(req.fee),
        "items": [d.item_no for d in made.documents],
        "without_scan": [d.item_no for d in made.without_scan],
        "catalogues": [a.number for a in made.catalogues],
    }


def _use(how: str, obj: Archive | Document) -> str:
    if isinstance(obj, Document):
        return _("%(how)s %(number)s 第%(no)s件 %(title)s") % {
            "how": how,
            "number": obj.archive.number,
            "no": obj.item_no,
            "title": obj.title,
        }
    return _("%(how)s %(number)s 档案目录") % {"how": how, "number": obj.number}


def _timeline_summary(req: AccessRequest) -> str:
    who = req.visitor_label or f"{req.requester}（{req.department}）"
    if req.kind == RequestKind.COPY:
        return _("%(how)s档案：%(who)s，%(purpose)s") % {
            "how": req.get_copy_kind_display(),
            "who": who,
            "purpose": req.purpose,
        }
    return _("批准%(who)s查阅档案：%(purpose)s") % {"who": who, "purpose": req.purpose}


@transaction.atomic
def access_request_reject(*, request: AccessRequest, actor: User, note: str) -> AccessRequest:
    note = " ".join(note.split())
    if not note:
        raise DomainError(_("驳回须写明理由"), field="note")
    req = _lock(request)
    _decidable(req, actor)
    req.status, req.decided_by, req.decided_at, req.decision_note = RequestStatus.REJECTED, actor, timezone.now(), note
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, change=_change(req, "access.reject", status=req.status, note=note[:200]))
    return req


def _decidable(req: AccessRequest, actor: User) -> None:
    if req.status != RequestStatus.PENDING:
        raise DomainError(_("该申请已%(s)s，不能再审批") % {"s": req.get_status_display()}, code="decided")
    if req.requester_id == actor.pk:
        raise DomainError(_("不能审批本人提交的申请"), code="forbidden")
    approvers = APPROVER_ROLES[req.kind]
    if not roles_of(actor) & approvers:
        names = "或".join(sorted(str(_(r.value)) for r in approvers))
        raise DomainError(
            _("%(kind)s须由%(roles)s审批") % {"kind": req.get_kind_display(), "roles": names}, code="forbidden"
        )
    if req.project_id not in project_ids_of(actor):
        raise DomainError(_("您不在该申请所属项目，不能审批"), code="forbidden")


@transaction.atomic
def access_request_cancel(*, request: AccessRequest, actor: User) -> AccessRequest:
    req = _lock(request)
    if req.requester_id != actor.pk:
        raise DomainError(_("只有申请人本人可以撤回申请"), code="forbidden")
    if req.status != RequestStatus.PENDING:
        raise DomainError(_("该申请已%(s)s，不能撤回") % {"s": req.get_status_display()}, code="decided")
    req.status = RequestStatus.CANCELLED
    req.save(update_fields=["status"])
    audit_record(actor=actor, change=_change(req, "access.cancel", status=req.status))
    return req


# ---- reading -------------------------------------------------------------------------------------


@transaction.atomic
def reading_record(*, request: AccessRequest, actor: User, archive: Archive, document: Document | None = None) -> None:
    """One page of the reading view shown: a use in the ledger; a file's first reading also goes on its timeline."""
    first = not was_read(request, archive)
    kind = UsageKind.VIEW_DOCUMENT if document is not None else UsageKind.VIEW_FILE
    usage_record(
        user=actor, kind=kind, archive=archive, document=document, request=request, visitor=request.visitor_label
    )
    if first:
        who = request.visitor_label or str(request.requester)
        timeline_add(
            room_id=archive.room_id,
            kind=EventKind.ACCESS_READ,
            summary=_("%(who)s查阅档案（申请编号 %(pk)s）") % {"who": who, "pk": request.pk},
            actor=actor,
            obj=request,
        )


def _desk_staff(req: AccessRequest, actor: User) -> None:
    if not is_customer_service(actor) or req.project_id not in project_ids_of(actor):
        raise DomainError(_("陪同查阅须由本项目客服人员进行"), code="forbidden")


@transaction.atomic
def reading_session_start(*, request: AccessRequest, actor: User) -> ReadingSession:
    """开始查阅: the CS staff at the desk opens the owner's or outsider's approved files for this sitting."""
    req = _lock(request)
    if not req.is_visitor:
        raise DomainError(_("本公司员工在系统中自行查阅，无需陪同登记"))
    _desk_staff(req, actor)
    if req.status != RequestStatus.APPROVED:
        raise DomainError(_("申请尚未批准，不能开始查阅"))
    now = timezone.now()
    if not req.window_start <= now < req.window_end:
        raise DomainError(_("不在批准的查阅时间内：%(s)s 至 %(e)s") % _window_text(req), code="expired")
    open_session = req.sessions.filter(ended_at__isnull=True).select_related("accompanied_by").first()
    if open_session is not None:
        if open_session.accompanied_by_id == actor.pk:
            return open_session
        raise DomainError(_("%(who)s 正在陪同本次查阅") % {"who": open_session.accompanied_by})
    session = ReadingSession.objects.create(request=req, accompanied_by=actor, started_at=now)
    req.accompanied_by = actor
    req.save(update_fields=["accompanied_by"])
    audit_record(actor=actor, change=_change(req, "access.session_start", visitor=req.visitor_label))
    return session


@transaction.atomic
def reading_session_end(*, request: AccessRequest, actor: User) -> ReadingSession:
    req = _lock(request)
    _desk_staff(req, actor)
    session = req.sessions.filter(ended_at__isnull=True).first()
    if session is None:
        raise DomainError(_("当前没有进行中的陪同查阅"))
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    audit_record(actor=actor, change=_change(req, "access.session_end", visitor=req.visitor_label))
    return session


def _window_text(req: AccessRequest) -> dict[str, str]:
    fmt = "%Y-%m-%d %H:%M"
    return {
        "s": timezone.localtime(req.window_start).strftime(fmt),
        "e": timezone.localtime(req.window_end).strftime(fmt),
    }


# ---- the copy: handed over, signed for -----------------------------------------------------------------


@transaction.atomic
def copy_receipt_record(*, request: AccessRequest, actor: User, received_by: str) -> AccessRequest:
    """The copy is handed over and signed for: who received it, when, and who handed it over."""
    name = " ".join(received_by.split())
    if not name:
        raise DomainError(_("请填写签收人姓名"), field="received_by")
    req = _lock(request)
    _desk_staff(req, actor)
    if req.kind != RequestKind.COPY or req.status != RequestStatus.APPROVED or not req.copy_file:
        raise DomainError(_("只有已批准并已制作的复制件可以签收"))
    if req.received_at is not None:
        raise DomainError(
            _("该复制件已于 %(t)s 由 %(who)s 签收")
            % {"t": f"{timezone.localtime(req.received_at):%Y-%m-%d %H:%M}", "who": req.received_by_name}
        )
    req.received_by_name, req.received_at, req.receipt_recorded_by = name[:50], timezone.now(), actor
    req.save(update_fields=["received_by_name", "received_at", "receipt_recorded_by"])
    audit_record(actor=actor, change=_change(req, "access.copy_received", received_by=name, fee=str(req.fee)))
    return req


@transaction.atomic
def copy_download_record(*, request: AccessRequest, actor: User) -> None:
    """Each fetch of the made copy (to print and hand over) leaves an audit row."""
    audit_record(actor=actor, change=_change(request, "access.copy_download", pages=request.copy_pages))


@transaction.atomic
def proof_view_record(*, request: AccessRequest, actor: User) -> None:
    audit_record(actor=actor, change=_change(request, "access.proof_view"))


@transaction.atomic
def register_export_record(*, actor: User, month: date, fmt: str, rows: int, projects: list[Project]) -> None:
    """The reading register names readers and visitors: every export or printout is logged, per project."""
    for project in projects:
        change = Change(
            "access.register_export",
            project,
            after={"month": f"{month:%Y-%m}", "format": fmt, "rows": rows},
            project_id=project.pk,
        )
        audit_record(actor=actor, change=change)
