"""Changes to the owner archive. Each is one transaction with its audit row and timeline event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import (
    RETENTION_YEARS,
    Archive,
    ArchiveStatus,
    Document,
    DocumentType,
    RetentionClass,
    Scan,
)
from yidang.archive.scans import Inspected, Stored, scan_files_discard, scan_inspect, scan_store
from yidang.audit.actions import Change, audit_record, diff
from yidang.core.errors import DomainError
from yidang.households.search import archive_tokens_write, search_documents_reindex
from yidang.places.models import Room
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind


def archive_number_for(room: Room) -> str:
    """The archive number of a room by the configured scheme (default ``HY-A2-15-1503``)."""
    return archive_number_of(room.project.code, room.building.code, room.floor, room.number, room.code)


def archive_number_of(project: str, building: str, floor: int, room: str, code: str) -> str:
    """``archive_number_for`` from the codes alone (bulk openings read them as plain values)."""
    return settings.YIDANG_ARCHIVE_NUMBER_SCHEME.format(
        project=project, building=building, floor=floor, room=room, code=code
    )


def archive_lock(archive: Archive) -> Archive:
    """Re-read a file with its row lock: the one place archive read-modify-writes serialise."""
    return Archive.objects.select_for_update().select_related("room", "project").get(pk=archive.pk)


@transaction.atomic
def archive_open(*, room: Room, actor: Any) -> Archive:
    """The household's file, created on first call (at the room's first occupancy, or by hand)."""
    existing = Archive.objects.filter(room=room).first()
    if existing is not None:
        return existing
    room = Room.objects.select_related("project", "building").get(pk=room.pk)
    number = archive_number_for(room)
    try:
        with transaction.atomic():
            archive = Archive.objects.create(room=room, project=room.project, number=number, opened_at=timezone.now())
    except IntegrityError:
        existing = Archive.objects.filter(room=room).first()
        if existing is not None:
            return existing
        raise DomainError(_("档案号 %(number)s 已被其他档案使用，请检查档案号规则") % {"number": number}) from None
    checklist_refresh(archive)
    archive_tokens_write([(room.id, room.project_id, number)])
    audit_record(
        actor=actor, change=Change("archive.open", archive, after={"number": number}, project_id=room.project_id)
    )
    timeline_add(
        room_id=room.id,
        kind=EventKind.ARCHIVE_OPEN,
        summary=_("建立档案 %(n)s") % {"n": number},
        actor=actor,
        obj=archive,
    )
    return archive


@transaction.atomic
def archive_status_set(*, archive: Archive, status: str, actor: Any, reason: str = "") -> Archive:
    archive = archive_lock(archive)
    if archive.status == status:
        return archive
    before = {"status": archive.status}
    archive.status = status
    archive.closed_at = timezone.now() if status != ArchiveStatus.ACTIVE else None
    archive.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        change=Change(
            "archive.status",
            archive,
            before=before,
            after={"status": status, "reason": reason},
            project_id=archive.project_id,
        ),
    )
    summary = _("档案状态改为%(s)s") % {"s": archive.get_status_display()}
    timeline_add(room_id=archive.room_id, kind=EventKind.ARCHIVE_STATUS, summary=summary, actor=actor, obj=archive)
    return archive


@dataclass
class DocumentData:
    """What the archivist records about one item of the file."""

    doc_type: DocumentType
    title: str = ""
    doc_date: date | None = None
    source: str = ""
    is_original: bool = True
    original_location: str = ""
    pages: int = 1
    note: str = ""
    paper_present: bool = True
    retention_class: str = ""
    retention_years: int | None = None
    retention_reason: str = ""


def _retention(data: DocumentData) -> tuple[str, int | None, str]:
    """The document's retention: the type's, or an override that must give its reason."""
    doc_type = data.doc_type
    chosen = data.retention_class or doc_type.retention_class
    years = data.retention_years if chosen == RetentionClass.CUSTOM else RETENTION_YEARS.get(RetentionClass(chosen))
    if chosen == RetentionClass.CUSTOM and not years:
        raise DomainError(_("自定义保管期限须填写年限"), field="retention_years")
    default = (
        doc_type.retention_class,
        doc_type.retention_years
        if doc_type.retention_class == RetentionClass.CUSTOM
        else RETENTION_YEARS.get(RetentionClass(doc_type.retention_class)),
    )
    if (chosen, years) != default and not data.retention_reason.strip():
        raise DomainError(
            _("保管期限与文件类型默认值（%(d)s）不同，须填写调整理由") % {"d": doc_type.get_retention_class_display()},
            field="retention_reason",
        )
    return chosen, years, data.retention_reason.strip() if (chosen, years) != default else ""


def _document_fields(data: DocumentData) -> dict[str, Any]:
    if not data.is_original and not data.original_location.strip():
        raise DomainError(_("复印件须注明原件存放处"), field="original_location")
    if data.pages < 1:
        raise DomainError(_("页数至少为 1"), field="pages")
    retention_class, retention_years, reason = _retention(data)
    return {
        "doc_type": data.doc_type,
        "title": (data.title or data.doc_type.name).strip()[:200],
        "doc_date": data.doc_date,
        "source": data.source.strip(),
        "is_original": data.is_original,
        "original_location": "" if data.is_original else data.original_location.strip(),
        "pages": data.pages,
        "note": data.note.strip(),
        "paper_present": data.paper_present,
        "retention_class": retention_class,
        "retention_years": retention_years,
        "retention_reason": reason,
    }


def document_view(doc: Document) -> dict[str, Any]:
    return {
        "item_no": doc.item_no,
        "type": doc.doc_type.code,
        "title": doc.title,
        "doc_date": doc.doc_date.isoformat() if doc.doc_date else None,
        "source": doc.source,
        "is_original": doc.is_original,
        "original_location": doc.original_location,
        "pages": doc.pages,
        "note": doc.note,
        "paper_present": doc.paper_present,
        "retention": doc.retention_class,
        "retention_years": doc.retention_years,
    }


@transaction.atomic
def document_add(*, archive: Archive, data: DocumentData, actor: Any) -> Document:
    """File one item: numbered next in the file, ticked on the checklist, shown on the timeline."""
    archive = archive_lock(archive)
    if archive.status != ArchiveStatus.ACTIVE:
        raise DomainError(_("档案 %(n)s 已结档或移交，不能再归档文件") % {"n": archive.number})
    fields = _document_fields(data)
    item_no = (archive.documents.aggregate(m=Max("item_no"))["m"] or 0) + 1
    doc = Document.objects.create(archive=archive, item_no=item_no, created_by=_user(actor), **fields)
    checklist_refresh(archive)
    search_documents_reindex(archive)
    audit_record(
        actor=actor, change=Change("document.add", doc, after=document_view(doc), project_id=archive.project_id)
    )
    timeline_add(
        room_id=archive.room_id,
        kind=EventKind.DOCUMENT_ADD,
        actor=actor,
        obj=doc,
        summary=_("归档 第%(no)s件 %(t)s") % {"no": item_no, "t": doc.title},
    )
    return doc


@transaction.atomic
def document_update(*, document: Document, data: DocumentData, actor: Any) -> Document:
    archive = archive_lock(document.archive)
    doc = Document.objects.select_for_update().select_related("doc_type").get(pk=document.pk)
    if doc.destroyed_at is not None:
        raise DomainError(_("第%(no)s件已按销毁清单销毁，不能再修改") % {"no": doc.item_no})
    before = document_view(doc)
    for key, value in _document_fields(data).items():
        setattr(doc, key, value)
    old, new = diff(before, document_view(doc))
    if not new:
        return doc
    doc.save()
    checklist_refresh(archive)
    search_documents_reindex(archive)
    audit_record(
        actor=actor, change=Change("document.update", doc, before=old, after=new, project_id=archive.project_id)
    )
    timeline_add(
        room_id=archive.room_id,
        kind=EventKind.DOCUMENT_CHANGE,
        actor=actor,
        obj=doc,
        summary=_("修改 第%(no)s件 %(t)s") % {"no": doc.item_no, "t": doc.title},
        data={"changed": sorted(new)},
    )
    return doc


@transaction.atomic
def archive_flags_set(
    *, archive: Archive, actor: Any, has_renovation: bool | None = None, has_transfer: bool | None = None
) -> Archive:
    """Mark that a renovation or transfer exists, so its papers join the checklist."""
    archive = archive_lock(archive)
    before = {"has_renovation": archive.has_renovation, "has_transfer": archive.has_transfer}
    if has_renovation is not None:
        archive.has_renovation = has_renovation
    if has_transfer is not None:
        archive.has_transfer = has_transfer
    old, new = diff(before, {"has_renovation": archive.has_renovation, "has_transfer": archive.has_transfer})
    if new:
        archive.save(update_fields=["has_renovation", "has_transfer"])
        checklist_refresh(archive)
        audit_record(
            actor=actor, change=Change("archive.flags", archive, before=old, after=new, project_id=archive.project_id)
        )
    return archive


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# ---- scans ------------------------------------------------------------------------------------


def scan_add(*, document: Document, upload: File[Any], actor: Any) -> Scan:
    """File a new scan version of a document; earlier versions stay as they are.

    The bytes are checked first (``scans.scan_inspect``: nothing is written for a refused file),
    then stored under their content address, then recorded in one durable transaction: this
    action must not run inside another transaction, because the files it wrote are removed again
    when the record does not commit.
    """
    _scan_allowed(document)
    inspected = scan_inspect(upload)
    _scan_not_repeated(document, inspected.sha256)
    stored = scan_store(upload, inspected)
    try:
        return _scan_record(document=document, inspected=inspected, stored=stored, actor=actor)
    except BaseException:
        scan_files_discard(stored.created)
        raise


@transaction.atomic(durable=True)
def _scan_record(*, document: Document, inspected: Inspected, stored: Stored, actor: Any) -> Scan:
    archive = archive_lock(document.archive)
    doc = Document.objects.select_for_update().get(pk=document.pk, archive=archive)
    _scan_allowed(doc, archive)
    _scan_not_repeated(doc, inspected.sha256)
    version = (doc.scans.aggregate(m=Max("version"))["m"] or 0) + 1
    scan = Scan.objects.create(
        document=doc,
        version=version,
        sha256=inspected.sha256,
        size=inspected.size,
        content_type=inspected.kind.content_type,
        original_name=inspected.original_name,
        storage_name=stored.storage_name,
        thumbnail_name=stored.thumbnail_name,
        uploaded_by=_user(actor),
    )
    doc.scan_count = doc.scans.count()
    doc.save(update_fields=["scan_count"])
    checklist_refresh(archive)
    audit_record(actor=actor, change=Change("scan.add", scan, after=scan_view(scan), project_id=archive.project_id))
    timeline_add(
        room_id=archive.room_id,
        kind=EventKind.SCAN_ADD,
        actor=actor,
        obj=scan,
        summary=_("上传扫描件 第%(no)s件 %(t)s（第%(v)s版）") % {"no": doc.item_no, "t": doc.title, "v": version},
        data={"document_id": doc.pk, "version": version, "sha256": scan.sha256},
    )
    return scan


def scan_view(scan: Scan) -> dict[str, Any]:
    return {
        "item_no": scan.document.item_no,
        "version": scan.version,
        "sha256": scan.sha256,
        "size": scan.size,
        "content_type": scan.content_type,
        "original_name": scan.original_name,
    }


def _scan_allowed(document: Document, archive: Archive | None = None) -> None:
    archive = archive or document.archive
    if archive.status != ArchiveStatus.ACTIVE:
        raise DomainError(_("档案 %(n)s 已结档或移交，不能再上传扫描件") % {"n": archive.number}, field="upload")
    if document.destroyed_at is not None:
        raise DomainError(_("第%(no)s件已按销毁清单销毁，不能再上传扫描件") % {"no": document.item_no}, field="upload")


def _scan_not_repeated(document: Document, sha256: str) -> None:
    same = document.scans.filter(sha256=sha256).values_list("version", flat=True).first()
    if same is not None:
        raise DomainError(
            _("该扫描件与第%(v)s版内容完全相同（SHA-256 一致），无需重复上传") % {"v": same}, field="upload"
        )


@transaction.atomic
def scan_download_record(*, scan: Scan, actor: Any, via: str = "web") -> None:
    """Every download of a scan leaves an audit row (the usage ledger reads these)."""
    doc = scan.document
    audit_record(
        actor=actor,
        change=Change(
            "scan.download",
            scan,
            after={"archive": doc.archive.number, "item_no": doc.item_no, "version": scan.version, "via": via},
            project_id=doc.archive.project_id,
        ),
    )


@transaction.atomic
def scan_fixity_record(*, checked: dict[int, str], at: Any, actor: Any = None) -> None:
    """Record a fixity run: ``checked`` maps scan id → "" when intact, else what is wrong."""
    good = [pk for pk, problem in checked.items() if not problem]
    Scan.objects.filter(pk__in=good).update(last_fixity_at=at, fixity_ok=True)
    bad = {pk: problem for pk, problem in checked.items() if problem}
    for scan in Scan.objects.filter(pk__in=bad).select_related("document__archive"):
        scan.last_fixity_at, scan.fixity_ok = at, False
        scan.save(update_fields=["last_fixity_at", "fixity_ok"])
        audit_record(
            actor=actor,
            change=Change(
                "scan.fixity_failed",
                scan,
                after={"problem": bad[scan.pk], "sha256": scan.sha256},
                project_id=scan.document.archive.project_id,
            ),
        )


@transaction.atomic
def missing_items_export_record(*, project: Any, rows: int, actor: Any) -> None:
    """An export of missing items names owners: it leaves an audit row like any export."""
    audit_record(
        actor=actor,
        change=Change("archive.missing_export", project, after={"rows": rows}, project_id=project.pk),
    )


def checklists_refresh_all(*, batch: int = 500) -> int:
    """Re-derive every file's checklist after the checklist rules (document types) changed.

    One short transaction per file, each under the file's row lock, so pages and uploads go on
    meanwhile. Idempotent: run it again and nothing changes. Returns the files whose counts moved.
    """
    changed = 0
    last_id = 0
    while ids := list(Archive.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:batch]):
        for pk in ids:
            with transaction.atomic():
                archive = Archive.objects.select_for_update().get(pk=pk)
                before = (archive.required_count, archive.satisfied_count)
                changed += checklist_refresh(archive) != before
        last_id = ids[-1]
    return changed
