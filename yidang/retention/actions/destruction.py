"""Destruction of an approved list: ghosts, scan bytes wiped after commit, the purge of leftovers, reminders."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
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
from yidang.retention.actions.common import doc_label, list_lock, local_time, project_gms, require_perm
from yidang.retention.expiry import period_end
from yidang.retention.models import AppraisalItem, Decision, DestructionList, DocumentGhost, ListStatus, Method
from yidang.retention.queries import held_document_ids
from yidang.timeline.actions import EventRow, timeline_add_many
from yidang.timeline.models import EventKind
from yidang.workdays.queries import add_working_days

log = logging.getLogger(__name__)


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
            _("销毁时间不能早于总经理批准时间 %(at)s") % {"at": local_time(dlist.decided_at)}, field="destroyed_at"
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
        "document": doc_label(doc),
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
    dlist = list_lock(dlist)
    require_perm(actor, "retention.execute_destruction", dlist.project_id, _("销毁须由档案管理员执行"))
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
            text = _("销毁清单 %(l)s 审批期限 %(d)s 将到，请尽快审批") % {
                "l": dlist.number,
                "d": local_time(dlist.due_at),
            }
            url = reverse("retention:list", args=[dlist.pk])
            sent += notify(users=project_gms(dlist.project_id), key=f"retention.remind.{dlist.pk}", text=text, url=url)
    return sent
