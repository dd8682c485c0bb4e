"""Every change of retention and disposal: holds, the expiry sweep, appraisal, approval, destruction.

Each action is one transaction with its audit rows and the household timeline events. Steps on an
appraisal or a destruction list take that row's lock first (``_lock_*``), so two panel members or
two clicks of the general manager queue up behind each other. Scan bytes are deleted from storage
only after the destruction has committed (``transaction.on_commit``); a crash in between leaves
bytes that ``destroyed_bytes_purge`` (run by the daily job) removes later.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of, roles_of
from yidang.accounts.roles import Role
from yidang.archive.actions import archive_lock
from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import Archive, Document, Scan, scan_rows_destruction
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.households.search import search_documents_reindex
from yidang.notifications.actions import notify
from yidang.places.models import Project
from yidang.retention.expiry import Expired, documents_expired, period_end
from yidang.retention.models import (
    Appraisal,
    AppraisalItem,
    AppraisalStatus,
    Decision,
    DestructionList,
    DocumentGhost,
    Hold,
    ListStatus,
    Method,
)
from yidang.retention.queries import document_hold, held_document_ids
from yidang.timeline.actions import EventRow, timeline_add, timeline_add_many
from yidang.timeline.models import EventKind
from yidang.workdays.queries import add_working_days

log = logging.getLogger(__name__)
MAX_KEEP_YEARS = 100


def _require(actor: Any, perm: str, project_id: int, message: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm):
        raise DomainError(message, code="forbidden")
    if project_id not in project_ids_of(actor):
        raise DomainError(_("只能办理本人所在项目的档案"), code="forbidden")


def _doc_label(doc: Document) -> str:
    return _("%(n)s 第%(no)s件《%(t)s》") % {"n": doc.archive.number, "no": doc.item_no, "t": doc.title}


def _local(at: datetime | None) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else ""


# ---- holds ----------------------------------------------------------------------------------------


@transaction.atomic
def hold_place(*, archive: Archive, reason: str, actor: Any, document: Document | None = None) -> Hold:
    """Freeze one document, or the whole file (``document`` None), for a legal matter or a dispute."""
    _require(actor, "retention.place_hold", archive.project_id, _("您没有冻结档案的权限"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写冻结理由（如诉讼、纠纷的案由）"), field="reason")
    archive = archive_lock(archive)
    if document is not None:
        if document.archive_id != archive.pk:
            raise DomainError(_("该文件不属于档案 %(n)s") % {"n": archive.number}, field="item_no")
        if document.destroyed_at is not None:
            raise DomainError(_("第%(no)s件已销毁，无需冻结") % {"no": document.item_no}, field="item_no")
    hold = Hold.objects.create(
        project_id=archive.project_id,
        archive=archive,
        document=document,
        reason=reason[:300],
        placed_by=actor,
        placed_at=timezone.now(),
    )
    what = _doc_label(document) if document else _("整个档案 %(n)s") % {"n": archive.number}
    after = {"archive": archive.number, "item_no": document.item_no if document else None, "reason": hold.reason}
    audit_record(actor=actor, change=Change("retention.hold", hold, after=after, project_id=archive.project_id))
    summary = _("冻结%(what)s：%(r)s（冻结期间不得鉴定销毁）") % {"what": what, "r": hold.reason}
    timeline_add(room_id=archive.room_id, kind=EventKind.RETENTION_HOLD, summary=summary, actor=actor, obj=hold)
    return hold


@transaction.atomic
def hold_release(*, hold: Hold, reason: str, actor: Any) -> Hold:
    _require(actor, "retention.place_hold", hold.project_id, _("您没有解除冻结的权限"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写解除冻结的理由"), field="reason")
    hold = Hold.objects.select_for_update(of=("self",)).select_related("archive", "document").get(pk=hold.pk)
    if hold.released_at is not None:
        raise DomainError(_("该冻结已于 %(at)s 解除") % {"at": _local(hold.released_at)})
    hold.released_at, hold.released_by, hold.release_reason = timezone.now(), actor, reason[:300]
    hold.save(update_fields=["released_at", "released_by", "release_reason"])
    after = {"archive": hold.archive.number, "reason": hold.release_reason}
    audit_record(actor=actor, change=Change("retention.release", hold, after=after, project_id=hold.project_id))
    summary = _("解除冻结 %(n)s：%(r)s") % {"n": hold.archive.number, "r": hold.release_reason}
    timeline_add(room_id=hold.archive.room_id, kind=EventKind.RETENTION_RELEASE, summary=summary, actor=actor, obj=hold)
    return hold


# ---- the expiry sweep -------------------------------------------------------------------------------


def _open_appraisal(project_id: int, now: datetime) -> Appraisal:
    """The project's open appraisal, locked; created when there is none."""
    found = Appraisal.objects.select_for_update().filter(project_id=project_id, status=AppraisalStatus.OPEN).first()
    if found is not None:
        return found
    project = Project.objects.get(pk=project_id)
    year = timezone.localtime(now).year
    seq = Appraisal.objects.filter(project_id=project_id, number__startswith=f"JD-{project.code}-{year}-").count() + 1
    try:
        with transaction.atomic():
            return Appraisal.objects.create(
                project_id=project_id, number=f"JD-{project.code}-{year}-{seq:03d}", created_at=now
            )
    except IntegrityError:  # a second sweep opened it meanwhile
        return Appraisal.objects.select_for_update().get(project_id=project_id, status=AppraisalStatus.OPEN)


def _list_expired(project_id: int, expired: list[Expired], now: datetime) -> int:
    appraisal = _open_appraisal(project_id, now)
    items = [AppraisalItem(appraisal=appraisal, document_id=e.document_id, expired_on=e.expired_on) for e in expired]
    AppraisalItem.objects.bulk_create(items, ignore_conflicts=True)  # one pending item per document
    added = AppraisalItem.objects.filter(
        appraisal=appraisal, document_id__in=[e.document_id for e in expired], decision=Decision.PENDING
    ).values_list("document_id", "document__item_no", "document__title")
    rows = [
        EventRow(
            room_id=next(e.room_id for e in expired if e.document_id == pk),
            kind=EventKind.RETENTION_EXPIRED,
            summary=_("第%(no)s件《%(t)s》保管期满，列入鉴定清单 %(a)s") % {"no": no, "t": t, "a": appraisal.number},
            object_type="archive.document",
            object_id=str(pk),
        )
        for pk, no, t in added
    ]
    timeline_add_many(rows, at=now)
    after = {"documents": len(rows), "number": appraisal.number}
    audit_record(actor=None, change=Change("retention.sweep", appraisal, after=after, project_id=project_id))
    return len(rows)


def retention_sweep(*, today: date | None = None) -> int:
    """List every newly expired, unheld document on its project's open appraisal; returns how many.

    Idempotent: a document already waiting on an appraisal or a destruction list, kept beyond today,
    held or destroyed is not listed again (the partial unique index on pending items is the last guard).
    """
    now = timezone.now()
    today = today or timezone.localdate()
    by_project: dict[int, list[Expired]] = defaultdict(list)
    for found in documents_expired(today, held=held_document_ids()):
        by_project[found.project_id].append(found)
    listed = 0
    for project_id, expired in by_project.items():
        for start in range(0, len(expired), 500):
            with transaction.atomic():
                listed += _list_expired(project_id, expired[start : start + 500], now)
    return listed


# ---- appraisal --------------------------------------------------------------------------------------


def _lock_appraisal(appraisal: Appraisal) -> Appraisal:
    return Appraisal.objects.select_for_update().select_related("project").get(pk=appraisal.pk)


@transaction.atomic
def appraisal_item_decide(
    *, item: AppraisalItem, decision: str, actor: Any, keep_years: int | None = None, reason: str = ""
) -> AppraisalItem:
    """The panel's word on one expired document: keep (a new period and a reason) or destroy."""
    appraisal = _lock_appraisal(item.appraisal)
    _require(
        actor, "retention.appraise", appraisal.project_id, _("只有鉴定小组（档案管理员、客服主管、客服经理）可以鉴定")
    )
    if appraisal.status != AppraisalStatus.OPEN:
        raise DomainError(_("鉴定清单 %(n)s 已完成，不能再修改") % {"n": appraisal.number})
    item = AppraisalItem.objects.select_for_update().select_related("document__archive").get(pk=item.pk)
    reason = reason.strip()
    if decision == Decision.KEEP:
        if not keep_years or not 1 <= keep_years <= MAX_KEEP_YEARS:
            raise DomainError(_("请填写继续保存的年限（1–100 年）"), field="keep_years")
        if not reason:
            raise DomainError(_("继续保存须填写理由"), field="reason")
        item.keep_years, item.keep_until = keep_years, period_end(timezone.localdate(), keep_years)
    elif decision == Decision.DESTROY:
        hold = document_hold(item.document)
        if hold is not None:
            raise DomainError(_("该文件已冻结（%(r)s），不能列入销毁") % {"r": hold.reason}, field="decision")
        item.keep_years, item.keep_until = None, None
    else:
        raise DomainError(_("请选择“继续保存”或“销毁”"), field="decision")
    before = {"decision": item.decision}
    item.decision, item.reason, item.decided_by, item.decided_at = decision, reason[:300], actor, timezone.now()
    item.save()
    after = {
        "document": _doc_label(item.document),
        "decision": decision,
        "keep_until": item.keep_until.isoformat() if item.keep_until else None,
        "reason": item.reason,
    }
    change = Change("retention.appraise", item, before=before, after=after, project_id=appraisal.project_id)
    audit_record(actor=actor, change=change)
    if decision == Decision.KEEP:
        summary = _("第%(no)s件《%(t)s》鉴定为继续保存至 %(u)s：%(r)s") % {
            "no": item.document.item_no,
            "t": item.document.title,
            "u": item.keep_until,
            "r": item.reason,
        }
    else:
        summary = _("第%(no)s件《%(t)s》鉴定为销毁（待列入销毁清单报总经理审批）") % {
            "no": item.document.item_no,
            "t": item.document.title,
        }
    timeline_add(
        room_id=item.document.archive.room_id,
        kind=EventKind.RETENTION_KEPT if decision == Decision.KEEP else EventKind.RETENTION_EXPIRED,
        summary=summary,
        actor=actor,
        obj=item.document,
    )
    return item


def _gms_of(project_id: int) -> list[User]:
    return [
        u
        for u in User.objects.filter(projects=project_id, is_active=True, groups__name=Role.GENERAL_MANAGER.value)
        if u.has_perm("retention.approve_destruction")
    ]


@transaction.atomic
def appraisal_close(*, appraisal: Appraisal, actor: Any) -> DestructionList | None:
    """Finish an appraisal: its destroy items become a destruction list for the general manager.

    Every item must be decided, except those held since listing: they are withheld. Returns the
    list, or None when the panel kept everything.
    """
    appraisal = _lock_appraisal(appraisal)
    _require(actor, "retention.appraise", appraisal.project_id, _("只有鉴定小组可以完成鉴定"))
    if appraisal.status != AppraisalStatus.OPEN:
        raise DomainError(_("鉴定清单 %(n)s 已完成") % {"n": appraisal.number})
    items = list(appraisal.items.select_for_update().select_related("document__archive"))
    if not items:
        raise DomainError(_("鉴定清单中没有文件"))
    held = held_document_ids()
    for item in items:
        if item.document_id in held and item.decision in (Decision.PENDING, Decision.DESTROY):
            item.decision = Decision.WITHHELD
            item.save(update_fields=["decision"])
    pending = [i for i in items if i.decision == Decision.PENDING]
    if pending:
        raise DomainError(_("还有 %(n)s 件未鉴定，请逐件选择继续保存或销毁") % {"n": len(pending)})
    now = timezone.now()
    appraisal.status, appraisal.closed_at, appraisal.closed_by = AppraisalStatus.CLOSED, now, actor
    appraisal.save(update_fields=["status", "closed_at", "closed_by"])
    destroy = [i for i in items if i.decision == Decision.DESTROY]
    counts = {d: sum(1 for i in items if i.decision == d) for d in (Decision.KEEP, Decision.DESTROY, Decision.WITHHELD)}
    after = {"number": appraisal.number, **{str(k): v for k, v in counts.items()}}
    audit_record(
        actor=actor, change=Change("retention.appraisal_close", appraisal, after=after, project_id=appraisal.project_id)
    )
    if not destroy:
        return None
    return _destruction_list_open(appraisal, destroy, actor, now)


def _destruction_list_open(
    appraisal: Appraisal, destroy: list[AppraisalItem], actor: Any, now: datetime
) -> DestructionList:
    AppraisalItem.objects.filter(pk__in=[i.pk for i in destroy]).update(on_list=True)
    days = settings.YIDANG_DESTRUCTION_APPROVAL_WORKING_DAYS
    dlist = DestructionList.objects.create(
        project_id=appraisal.project_id,
        number=appraisal.number.replace("JD-", "XH-", 1),
        appraisal=appraisal,
        submitted_by=actor,
        submitted_at=now,
        due_at=add_working_days(now, days),
    )
    after = {"number": dlist.number, "documents": len(destroy), "due_at": dlist.due_at.isoformat()}
    audit_record(actor=actor, change=Change("retention.list_submit", dlist, after=after, project_id=dlist.project_id))
    timeline_add_many(
        [
            EventRow(
                room_id=i.document.archive.room_id,
                kind=EventKind.DESTRUCTION_LISTED,
                summary=_("第%(no)s件《%(t)s》列入销毁清单 %(l)s，报总经理审批")
                % {"no": i.document.item_no, "t": i.document.title, "l": dlist.number},
                actor_id=actor.pk,
                object_type="retention.destructionlist",
                object_id=str(dlist.pk),
            )
            for i in destroy
        ],
        at=now,
    )
    url = reverse("retention:list", args=[dlist.pk])
    text = _("销毁清单 %(l)s（%(n)s 件）待您审批，期限 %(d)s") % {
        "l": dlist.number,
        "n": len(destroy),
        "d": _local(dlist.due_at),
    }
    notify(users=_gms_of(dlist.project_id), key=f"retention.list.{dlist.pk}", text=text, url=url)
    return dlist


# ---- the general manager's decision -------------------------------------------------------------------


def _lock_list(dlist: DestructionList) -> DestructionList:
    return DestructionList.objects.select_for_update().select_related("project", "appraisal").get(pk=dlist.pk)


def _decide(dlist: DestructionList, actor: Any, status: str, note: str) -> DestructionList:
    dlist = _lock_list(dlist)
    _require(actor, "retention.approve_destruction", dlist.project_id, _("销毁清单须由总经理审批"))
    if dlist.status != ListStatus.PENDING:
        raise DomainError(
            _("销毁清单 %(n)s 当前为“%(s)s”，不能再审批") % {"n": dlist.number, "s": dlist.get_status_display()}
        )
    dlist.status, dlist.decided_by, dlist.decided_at, dlist.decision_note = status, actor, timezone.now(), note[:300]
    dlist.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    action = "retention.list_approve" if status == ListStatus.APPROVED else "retention.list_reject"
    after = {"number": dlist.number, "note": dlist.decision_note}
    audit_record(actor=actor, change=Change(action, dlist, after=after, project_id=dlist.project_id))
    word = _("批准") if status == ListStatus.APPROVED else _("驳回")
    rooms = set(
        AppraisalItem.objects.filter(appraisal_id=dlist.appraisal_id, on_list=True).values_list(
            "document__archive__room_id", flat=True
        )
    )
    summary = _("总经理%(w)s销毁清单 %(l)s%(note)s") % {
        "w": word,
        "l": dlist.number,
        "note": f"：{dlist.decision_note}" if dlist.decision_note else "",
    }
    timeline_add_many(
        [
            EventRow(
                room_id=r,
                kind=EventKind.DESTRUCTION_DECIDED,
                summary=summary,
                actor_id=actor.pk,
                object_type="retention.destructionlist",
                object_id=str(dlist.pk),
            )
            for r in sorted(rooms)
        ]
    )
    return dlist


@transaction.atomic
def destruction_list_approve(*, dlist: DestructionList, actor: Any, note: str = "") -> DestructionList:
    """The general manager approves: the archivist may now destroy the documents with a witness."""
    return _decide(dlist, actor, ListStatus.APPROVED, note.strip())


@transaction.atomic
def destruction_list_reject(*, dlist: DestructionList, actor: Any, note: str) -> DestructionList:
    """The general manager refuses (with a reason): the documents go back to the next appraisal."""
    if not note.strip():
        raise DomainError(_("驳回须填写审批意见"), field="note")
    return _decide(dlist, actor, ListStatus.REJECTED, note.strip())


# ---- destruction --------------------------------------------------------------------------------------


def _witness_ok(witness: Any, dlist: DestructionList, actor: Any) -> None:
    if witness is None or not isinstance(witness, User):
        raise DomainError(_("请选择监销人（客服主管）"), field="witness")
    if witness.pk == actor.pk:
        raise DomainError(_("监销人不能是销毁人本人"), field="witness")
    if Role.CS_SUPERVISOR not in roles_of(witness) or dlist.project_id not in project_ids_of(witness):
        raise DomainError(_("监销人须为本项目的客服主管"), field="witness")


def _when_ok(destroyed_at: datetime, dlist: DestructionList) -> None:
    if timezone.is_naive(destroyed_at):
        destroyed_at = timezone.make_aware(destroyed_at)
    if destroyed_at > timezone.now() + timedelta(minutes=5):
        raise DomainError(_("销毁时间不能晚于现在"), field="destroyed_at")
    if dlist.decided_at and destroyed_at < dlist.decided_at.replace(second=0, microsecond=0):  # typed to the minute
        raise DomainError(
            _("销毁时间不能早于总经理批准时间 %(at)s") % {"at": _local(dlist.decided_at)}, field="destroyed_at"
        )


def _scan_versions(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "version": s.version,
            "sha256": s.sha256,
            "size": s.size,
            "content_type": s.content_type,
            "original_name": s.original_name,
            "uploaded_at": s.uploaded_at.isoformat(),
            "storage_name": s.storage_name,
            "thumbnail_name": s.thumbnail_name,
        }
        for s in doc.scans.order_by("version")
    ]


def _ghost(item: AppraisalItem, dlist: DestructionList, method: str, at: datetime) -> DocumentGhost:
    doc = item.document
    assert dlist.decided_by is not None and dlist.decided_at is not None  # an approved list
    retention = doc.get_retention_class_display()
    if doc.retention_class == "custom" and doc.retention_years:
        retention = _("%(y)s 年") % {"y": doc.retention_years}
    return DocumentGhost.objects.create(
        document=doc,
        destruction_list=dlist,
        project_id=dlist.project_id,
        archive=doc.archive,
        archive_number=doc.archive.number,
        item_no=doc.item_no,
        title=doc.title,
        doc_type=doc.doc_type.name,
        category=doc.doc_type.category.name,
        doc_date=doc.doc_date,
        filed_at=doc.created_at,
        pages=doc.pages,
        is_original=doc.is_original,
        had_paper=doc.paper_present,
        retention=str(retention)[:40],
        expired_on=item.expired_on,
        scans=_scan_versions(doc),
        destroyed_at=at,
        method=method,
        approved_by=dlist.decided_by,
        approved_at=dlist.decided_at,
    )


def _allow_scan_row_deletes() -> None:
    """The PostgreSQL trigger (migration retention.0002) lets scan rows go only inside this transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('yidang.destruction', 'on', true)")


def _destroy_one(item: AppraisalItem, dlist: DestructionList, method: str, at: datetime, actor: Any) -> DocumentGhost:
    doc = Document.objects.select_for_update().select_related("archive", "doc_type__category").get(pk=item.document_id)
    item.document = doc
    ghost = _ghost(item, dlist, method, at)
    with scan_rows_destruction():
        Scan.objects.filter(document=doc).delete()
    doc.destroyed_at, doc.paper_present, doc.scan_count = at, False, 0
    doc.save(update_fields=["destroyed_at", "paper_present", "scan_count"])
    after = {
        "document": _doc_label(doc),
        "list": dlist.number,
        "method": method,
        "scans": len(ghost.scans),
        "approved_by": dlist.decided_by.get_username() if dlist.decided_by else None,
    }
    audit_record(actor=actor, change=Change("document.destroy", doc, after=after, project_id=dlist.project_id))
    return ghost


@transaction.atomic
def destruction_execute(
    *, dlist: DestructionList, method: str, witness: Any, destroyed_at: datetime, actor: Any
) -> DestructionList:
    """Carry out an approved list: paper shredded or burnt before a supervisor, scans wiped from storage.

    Documents held since listing are withheld (not destroyed). Each destroyed document keeps its row
    (``destroyed_at``) and gains a ghost; its scan rows go, and their bytes are deleted from storage
    after commit, unless another live scan shares the same content-addressed file.
    """
    dlist = _lock_list(dlist)
    _require(actor, "retention.execute_destruction", dlist.project_id, _("销毁须由档案管理员执行"))
    if dlist.status != ListStatus.APPROVED:
        raise DomainError(
            _("销毁清单 %(n)s 当前为“%(s)s”，须经总经理批准后才能销毁")
            % {"n": dlist.number, "s": dlist.get_status_display()}
        )
    if method not in Method.values:
        raise DomainError(_("请选择销毁方式（粉碎或焚烧）"), field="method")
    _witness_ok(witness, dlist, actor)
    _when_ok(destroyed_at, dlist)
    items = list(
        AppraisalItem.objects.select_for_update()
        .filter(appraisal_id=dlist.appraisal_id, on_list=True, decision=Decision.DESTROY)
        .select_related("document__archive")
    )
    held = held_document_ids()
    withheld = [i for i in items if i.document_id in held]
    AppraisalItem.objects.filter(pk__in=[i.pk for i in withheld]).update(decision=Decision.WITHHELD)
    _allow_scan_row_deletes()
    ghosts: list[DocumentGhost] = []
    archives: dict[int, Archive] = {}
    for item in sorted((i for i in items if i.document_id not in held), key=lambda i: i.document_id):
        archive = archives.get(item.document.archive_id) or archive_lock(item.document.archive)
        archives[archive.pk] = archive
        ghosts.append(_destroy_one(item, dlist, method, destroyed_at, actor))
    for archive in archives.values():
        checklist_refresh(archive)
        search_documents_reindex(archive)  # search no longer finds what was destroyed
    dlist.status, dlist.method, dlist.witness, dlist.destroyed_at, dlist.executed_by = (
        ListStatus.DESTROYED,
        method,
        witness,
        destroyed_at,
        actor,
    )
    dlist.destroyed_count, dlist.withheld_count = len(ghosts), len(withheld)
    dlist.destroyed_pages = sum(g.pages for g in ghosts)
    record_years = settings.YIDANG_DESTRUCTION_RECORD_YEARS
    dlist.record_keep_until = period_end(timezone.localtime(destroyed_at).date(), record_years)
    dlist.save()
    after = {
        "number": dlist.number,
        "destroyed": len(ghosts),
        "withheld": len(withheld),
        "method": method,
        "witness": witness.get_username(),
        "destroyed_at": destroyed_at.isoformat(),
        "record_keep_until": dlist.record_keep_until.isoformat(),
    }
    audit_record(actor=actor, change=Change("retention.destroy", dlist, after=after, project_id=dlist.project_id))
    _timeline_destroyed(ghosts, withheld, dlist, actor)
    names = {n for g in ghosts for s in g.scans for n in (s["storage_name"], s["thumbnail_name"]) if n}
    transaction.on_commit(partial(scan_bytes_delete, names))
    return dlist


def _timeline_destroyed(
    ghosts: list[DocumentGhost], withheld: list[AppraisalItem], dlist: DestructionList, actor: Any
) -> None:
    method = dict(Method.choices)[dlist.method]
    rows = [
        EventRow(
            room_id=g.archive.room_id,
            kind=EventKind.DOCUMENT_DESTROYED,
            summary=_("第%(no)s件《%(t)s》已销毁（%(m)s，销毁清单 %(l)s，总经理 %(gm)s 批准）")
            % {"no": g.item_no, "t": g.title, "m": method, "l": dlist.number, "gm": g.approved_by},
            at=g.destroyed_at,
            actor_id=actor.pk,
            object_type="retention.documentghost",
            object_id=str(g.pk),
        )
        for g in ghosts
    ] + [
        EventRow(
            room_id=i.document.archive.room_id,
            kind=EventKind.RETENTION_HOLD,
            summary=_("第%(no)s件《%(t)s》已冻结，未随销毁清单 %(l)s 销毁")
            % {"no": i.document.item_no, "t": i.document.title, "l": dlist.number},
            actor_id=actor.pk,
            object_type="archive.document",
            object_id=str(i.document_id),
        )
        for i in withheld
    ]
    timeline_add_many(rows)


def scan_bytes_delete(names: Iterable[str]) -> int:
    """Delete stored files no scan row refers to any more; returns how many were deleted."""
    names = set(names)
    live = set(Scan.objects.filter(storage_name__in=names).values_list("storage_name", flat=True))
    live |= set(Scan.objects.filter(thumbnail_name__in=names).values_list("thumbnail_name", flat=True))
    deleted = 0
    for name in sorted(names - live):
        try:
            if default_storage.exists(name):
                default_storage.delete(name)
                deleted += 1
        except OSError:
            log.exception("could not delete destroyed scan file %s; the daily purge retries", name)
    return deleted


def destroyed_bytes_purge() -> int:
    """Delete the bytes of destroyed scans still in storage (after a crash between commit and delete)."""
    names: set[str] = set()
    for scans in DocumentGhost.objects.values_list("scans", flat=True).iterator(chunk_size=1000):
        names |= {n for s in scans for n in (s.get("storage_name"), s.get("thumbnail_name")) if n}
    return scan_bytes_delete(names)


def destruction_lists_remind(*, now: datetime | None = None) -> int:
    """Tell the general manager once when a list's deadline is within a working day; returns the reminders."""
    now = now or timezone.now()
    soon = add_working_days(now, 1)
    due = list(DestructionList.objects.filter(status=ListStatus.PENDING, reminded_at__isnull=True, due_at__lte=soon))
    sent = 0
    for dlist in due:
        with transaction.atomic():
            claimed = DestructionList.objects.filter(pk=dlist.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue
            text = _("销毁清单 %(l)s 审批期限 %(d)s 将到，请尽快审批") % {"l": dlist.number, "d": _local(dlist.due_at)}
            url = reverse("retention:list", args=[dlist.pk])
            sent += notify(users=_gms_of(dlist.project_id), key=f"retention.remind.{dlist.pk}", text=text, url=url)
    return sent
