"""Transfer sheets (移交单): send (the sender signs) → acknowledge, with any discrepancy, or refuse.

Custody changes only on acknowledgement, and only for the items the receiver found in the bundle.
Each step is one transaction with its audit row and an event on the timeline of every household the
sheet names. The folders' row locks are taken first (in id order), then the sheet's, so a folder
cannot be on two open sheets at once. Times are kept to the minute, as signed on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.archive.actions import archive_lock, archive_status_set
from yidang.archive.models import Archive, ArchiveStatus, Document
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.loans.actions import folder_is_out
from yidang.places.models import Project
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind
from yidang.transfers.models import Custody, TransferItem, TransferRoute, TransferSheet, TransferStatus

SEND_PERMISSION = "transfers.add_transfersheet"


def to_minute(at: datetime) -> datetime:
    """A time as signed on a transfer sheet: to the minute."""
    return at.replace(second=0, microsecond=0)


def _local(at: datetime | None) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else ""


def sheet_view(sheet: TransferSheet) -> dict[str, Any]:
    """What an audit row says about a sheet."""
    return {
        "number": sheet.number,
        "route": sheet.route,
        "sender": sheet.sender.get_username() if sheet.sender else sheet.sender_name,
        "receiver": sheet.receiver.get_username() if sheet.receiver else sheet.receiver_name,
        "status": sheet.status,
        "sent_at": _local(sheet.sent_at),
        "received_at": _local(sheet.received_at),
    }


@dataclass(frozen=True)
class ItemRef:
    """One line asked for: a whole folder, or the documents (by 件号) of one folder."""

    archive: Archive
    item_nos: tuple[int, ...] = ()


@dataclass(frozen=True)
class SheetData:
    project: Project
    items: tuple[ItemRef, ...]
    route: str = TransferRoute.OTHER
    receiver: User | None = None
    receiver_name: str = ""
    sender_name: str = ""  # an outside sender; empty: the actor hands over and signs
    note: str = ""
    sent_at: datetime | None = None  # when the bundle changed hands, if earlier than now


@dataclass
class _Line:
    archive: Archive
    document: Document | None = None
    labels: list[str] = field(default_factory=list)


def _staff(actor: Any, project_id: int) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and project_id in project_ids_of(actor)


def _parties(data: SheetData, actor: Any) -> tuple[User | None, str, User | None, str]:
    sender_name, receiver_name = data.sender_name.strip()[:100], data.receiver_name.strip()[:100]
    receiver = data.receiver
    if (receiver is None) == (not receiver_name):
        raise DomainError(_("请选择接收人，或填写外部接收单位（二选一）"), field="receiver")
    if receiver is not None:
        if not receiver.is_active or data.project.pk not in project_ids_of(receiver):
            raise DomainError(_("接收人须是本项目的在职人员"), field="receiver")
        if not sender_name and receiver.pk == actor.pk:
            raise DomainError(_("不能移交给自己"), field="receiver")
    if sender_name and receiver_name:
        raise DomainError(
            _("外部单位之间的移交不在本系统登记：移交方或接收方须有一方是本项目人员"), field="sender_name"
        )
    return (None if sender_name else actor), sender_name, receiver, receiver_name


def _lines(data: SheetData) -> list[_Line]:
    """The sheet's lines: folders locked in id order, documents checked to belong to their folder."""
    if not data.items:
        raise DomainError(_("请至少列出一个档案袋或一件文件"), field="items")
    ids = sorted({ref.archive.pk for ref in data.items})
    locked = {a.pk: a for a in Archive.objects.select_for_update().select_related("room").filter(pk__in=ids)}
    lines: list[_Line] = []
    seen: set[tuple[int, int | None]] = set()
    for ref in data.items:
        archive = locked[ref.archive.pk]
        if archive.project_id != data.project.pk:
            raise DomainError(_("档案 %(n)s 不属于本项目") % {"n": archive.number}, field="items")
        if not ref.item_nos:
            key: tuple[int, int | None] = (archive.pk, None)
            if key in seen:
                raise DomainError(_("档案 %(n)s 重复列出") % {"n": archive.number}, field="items")
            seen.add(key)
            lines.append(_Line(archive))
            continue
        docs = {d.item_no: d for d in archive.documents.filter(item_no__in=ref.item_nos)}
        unknown = sorted(set(ref.item_nos) - set(docs))
        if unknown:
            raise DomainError(
                _("档案 %(n)s 没有第 %(nos)s 件") % {"n": archive.number, "nos": "、".join(map(str, unknown))},
                field="items",
            )
        for no in ref.item_nos:
            if (archive.pk, docs[no].pk) in seen:
                raise DomainError(_("档案 %(n)s 第%(no)s件重复列出") % {"n": archive.number, "no": no}, field="items")
            seen.add((archive.pk, docs[no].pk))
            lines.append(_Line(archive, docs[no]))
    whole = {a for a, d in seen if d is None}
    if any(a in whole and d is not None for a, d in seen):
        raise DomainError(_("已整袋移交的档案，不必再单列其中的文件"), field="items")
    return lines


def custody_of(archive: Archive, document: Document | None = None) -> Custody | None:
    """Who holds a document (its own custody, else its folder's), or a folder; ``None``: never handed over."""
    if document is not None:
        own = Custody.objects.filter(document=document).select_related("holder").first()
        if own is not None:
            return own
    return Custody.objects.filter(archive=archive, document__isnull=True).select_related("holder").first()


def _check_holder(line: _Line, sender: User | None) -> None:
    """A user hands over only what they hold (or what has never been handed over); an outside sender
    only what is not held by a user of the system."""
    custody = custody_of(line.archive, line.document)
    if custody is None:
        return
    what = line.archive.number + (_(" 第%(no)s件") % {"no": line.document.item_no} if line.document else "")
    if sender is not None and custody.holder_id != sender.pk:
        raise DomainError(
            _("%(w)s 现由 %(h)s 保管，不能由您移交") % {"w": what, "h": custody.holder_label}, field="items"
        )
    if sender is None and custody.holder_id is not None:
        raise DomainError(
            _("%(w)s 现由 %(h)s 保管，不是外部单位") % {"w": what, "h": custody.holder_label}, field="items"
        )


def _not_on_open_sheet(line: _Line) -> None:
    open_items = TransferItem.objects.filter(sheet__status=TransferStatus.SENT, archive=line.archive)
    if line.document is not None:
        open_items = open_items.filter(document__isnull=True) | open_items.filter(document=line.document)
    clash = open_items.select_related("sheet").first()
    if clash is not None:
        raise DomainError(
            _("档案 %(n)s 已在待签收的移交单 %(s)s 上") % {"n": line.archive.number, "s": clash.sheet.number},
            field="items",
            code="conflict",
        )


def _not_lent(line: _Line) -> None:
    """Nothing of a folder that is out on loan is handed over: its papers are not on the shelf. Under the
    folder's row lock, which a loan's hand-out takes too, so the two cannot cross."""
    archive = archive_lock(line.archive)
    if folder_is_out(archive):
        raise DomainError(
            _("档案 %(n)s 已借出，归还后才能移交") % {"n": archive.number}, field="items", code="conflict"
        )


def _number(project: Project, at: datetime) -> str:
    day = timezone.localtime(at)
    prefix = f"{project.code}-YJ{day:%Y%m%d}-"
    count = TransferSheet.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def _events(sheet: TransferSheet, kind: str, summary: str, actor: Any, archives: Iterable[Archive]) -> None:
    for archive in {a.pk: a for a in archives}.values():
        timeline_add(room_id=archive.room_id, kind=kind, summary=summary, actor=actor, obj=sheet, at=None)


@transaction.atomic
def transfer_sheet_send(*, data: SheetData, actor: Any) -> TransferSheet:
    """Register a hand-over signed by the sender: the actor, or an outside party the actor registers."""
    if not _staff(actor, data.project.pk) or not actor.has_perm(SEND_PERMISSION):
        raise DomainError(_("只有本项目的客服、档案人员可以填写移交单"), code="forbidden")
    if data.route not in TransferRoute.values:
        raise DomainError(_("请选择移交类别"), field="route")
    sender, sender_name, receiver, receiver_name = _parties(data, actor)
    now = timezone.now()
    sent_at = to_minute(data.sent_at or now)
    if sent_at > now:
        raise DomainError(_("移交时间不能晚于现在"), field="sent_at")
    # One sheet number at a time per project: the project's row lock serialises the day's numbering.
    project = Project.objects.select_for_update().get(pk=data.project.pk)
    lines = _lines(data)
    for line in lines:
        _check_holder(line, sender)
        _not_on_open_sheet(line)
        _not_lent(line)
    sheet = TransferSheet.objects.create(
        project=project,
        number=_number(project, sent_at),
        route=data.route,
        sender=sender,
        sender_name=sender_name,
        receiver=receiver,
        receiver_name=receiver_name,
        note=data.note.strip()[:500],
        sent_at=sent_at,
        sent_by=actor,
    )
    TransferItem.objects.bulk_create(
        [TransferItem(sheet=sheet, archive=line.archive, document=line.document) for line in lines]
    )
    audit_record(
        actor=actor,
        change=Change("transfer.send", sheet, after={**sheet_view(sheet), "items": len(lines)}, project_id=project.pk),
    )
    summary = _("移交单 %(s)s：%(a)s 移交给 %(b)s（%(t)s，待签收）") % {
        "s": sheet.number,
        "a": sheet.sender_label,
        "b": sheet.receiver_label,
        "t": _local(sent_at),
    }
    _events(sheet, EventKind.TRANSFER_SENT, summary, actor, (line.archive for line in lines))
    return sheet


def sheet_lock(sheet: TransferSheet) -> TransferSheet:
    """The sheet's folders' row locks (id order), then the sheet's: the order every step takes them in."""
    archive_ids = sorted(set(TransferItem.objects.filter(sheet=sheet).values_list("archive_id", flat=True)))
    list(Archive.objects.select_for_update().filter(pk__in=archive_ids).order_by("pk").values_list("pk"))
    locked = TransferSheet.objects.select_for_update(of=("self",)).select_related("receiver", "sender", "project")
    return locked.get(pk=sheet.pk)


def sheet_signable_by(sheet: TransferSheet, actor: Any) -> bool:
    """The receiver signs for themselves; an outside receiver's signature is recorded by the registrar
    of the sheet or an archivist of the project (from the signed paper)."""
    if not _staff(actor, sheet.project_id):
        return False
    if sheet.receiver_id is not None:
        return bool(sheet.receiver_id == actor.pk)
    return bool(sheet.sent_by_id == actor.pk or actor.has_perm("transfers.view_transfersheet"))


@dataclass(frozen=True)
class Acknowledgement:
    """The receiver's check: the items found in the bundle; a note for any that were not."""

    received: frozenset[int]
    note: str = ""
    signer: str = ""  # an outside receiver's name, as signed on paper
    received_at: datetime | None = None


def _open(sheet: TransferSheet, doing: str) -> None:
    if sheet.status != TransferStatus.SENT:
        raise DomainError(
            _("移交单 %(n)s 当前为“%(s)s”，不能%(d)s")
            % {"n": sheet.number, "s": sheet.get_status_display(), "d": doing},
            code="state",
        )


def _received_at(sheet: TransferSheet, at: datetime | None) -> datetime:
    now = timezone.now()
    received_at = to_minute(at or now)
    if received_at > now:
        raise DomainError(_("签收时间不能晚于现在"), field="received_at")
    if received_at < sheet.sent_at:
        raise DomainError(_("签收时间不能早于移交时间（%(t)s）") % {"t": _local(sheet.sent_at)}, field="received_at")
    return received_at


@transaction.atomic
def transfer_sheet_acknowledge(*, sheet: TransferSheet, check: Acknowledgement, actor: Any) -> TransferSheet:
    """Sign for the bundle: custody of every item found passes to the receiver; items not found are noted."""
    sheet = sheet_lock(sheet)
    if not sheet_signable_by(sheet, actor):
        raise DomainError(_("只有接收人本人可以签收该移交单"), code="forbidden")
    _open(sheet, _("签收"))
    items = list(sheet.items.select_related("archive", "document").order_by("pk"))
    found = set(check.received)
    if found - {i.pk for i in items}:
        raise DomainError(_("所勾选的项目不在该移交单上"), field="received")
    if not found:
        raise DomainError(_("一件都没有收到，请选择“拒收”并写明理由"), field="received")
    note, signer = check.note.strip()[:500], check.signer.strip()[:100]
    missing = [i for i in items if i.pk not in found]
    if missing and not note:
        raise DomainError(_("有未收到的项目，请写明差异情况"), field="note")
    if sheet.receiver_id is None and not signer:
        raise DomainError(_("请填写外部接收方的签收人姓名"), field="signer")
    received_at = _received_at(sheet, check.received_at)
    for item in items:
        item.received = item.pk in found
        item.missing_note = "" if item.received else note[:200]
    TransferItem.objects.bulk_update(items, ["received", "missing_note"])
    sheet.status = TransferStatus.DISCREPANCY if missing else TransferStatus.RECEIVED
    sheet.received_at, sheet.received_by, sheet.received_signer, sheet.receiver_note = received_at, actor, signer, note
    sheet.save(update_fields=["status", "received_at", "received_by", "received_signer", "receiver_note"])
    for item in items:
        if item.received:
            _custody_pass(sheet, item, actor)
    counts = {"received": len(items) - len(missing), "missing": [str(i) for i in missing], "note": note}
    audit_record(
        actor=actor,
        change=Change(
            "transfer.acknowledge", sheet, after={**sheet_view(sheet), **counts}, project_id=sheet.project_id
        ),
    )
    if missing:
        text = _("%(b)s 签收移交单 %(s)s（%(t)s），有差异：%(n)s")
    else:
        text = _("%(b)s 签收移交单 %(s)s（%(t)s），清点无误")
    summary = text % {"b": signer or sheet.receiver_label, "s": sheet.number, "t": _local(received_at), "n": note}
    _events(sheet, EventKind.TRANSFER_RECEIVED, summary, actor, (i.archive for i in items))
    return sheet


def _custody_pass(sheet: TransferSheet, item: TransferItem, actor: Any) -> None:
    """The receiver now holds the item. A document handed back to its folder's holder rejoins the folder."""
    holder, name = sheet.receiver, sheet.receiver_name
    when = sheet.received_at
    assert when is not None
    if item.document_id is None:
        Custody.objects.update_or_create(
            archive=item.archive,
            document=None,
            defaults={"holder": holder, "holder_name": name, "since": when, "sheet": sheet},
        )
        _folder_status_follow(item.archive, sheet, actor)
        return
    folder = custody_of(item.archive)
    same_as_folder = folder is not None and (folder.holder_id, folder.holder_name) == (sheet.receiver_id, name)
    if same_as_folder:
        Custody.objects.filter(document=item.document).delete()
    else:
        Custody.objects.update_or_create(
            document=item.document,
            defaults={"archive": item.archive, "holder": holder, "holder_name": name, "since": when, "sheet": sheet},
        )


def _folder_status_follow(archive: Archive, sheet: TransferSheet, actor: Any) -> None:
    """A folder handed to an outside party is 已移交 (not here to lend); one handed back is in use again."""
    reason = _("移交单 %(s)s") % {"s": sheet.number}
    if sheet.receiver_id is None and archive.status == ArchiveStatus.ACTIVE:
        archive_status_set(archive=archive, status=ArchiveStatus.TRANSFERRED, actor=actor, reason=reason)
    elif sheet.receiver_id is not None and archive.status == ArchiveStatus.TRANSFERRED:
        archive_status_set(archive=archive, status=ArchiveStatus.ACTIVE, actor=actor, reason=reason)


@transaction.atomic
def transfer_sheet_refuse(*, sheet: TransferSheet, reason: str, actor: Any, signer: str = "") -> TransferSheet:
    """Refuse the whole bundle, saying why; custody stays with the sender."""
    sheet = sheet_lock(sheet)
    if not sheet_signable_by(sheet, actor):
        raise DomainError(_("只有接收人本人可以拒收该移交单"), code="forbidden")
    _open(sheet, _("拒收"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写拒收理由"), field="reason")
    sheet.status, sheet.receiver_note = TransferStatus.REFUSED, reason[:500]
    sheet.received_at, sheet.received_by, sheet.received_signer = to_minute(timezone.now()), actor, signer.strip()[:100]
    sheet.save(update_fields=["status", "receiver_note", "received_at", "received_by", "received_signer"])
    audit_record(
        actor=actor,
        change=Change(
            "transfer.refuse", sheet, after={**sheet_view(sheet), "reason": reason}, project_id=sheet.project_id
        ),
    )
    summary = _("%(b)s 拒收移交单 %(s)s：%(r)s") % {"b": sheet.receiver_label, "s": sheet.number, "r": reason}
    archives = [i.archive for i in sheet.items.select_related("archive")]
    _events(sheet, EventKind.TRANSFER_REFUSED, summary, actor, archives)
    return sheet


@transaction.atomic
def transfer_sheet_cancel(*, sheet: TransferSheet, actor: Any) -> TransferSheet:
    """The registrar withdraws a sheet not yet signed for (a wrong receiver, a wrong bundle)."""
    sheet = sheet_lock(sheet)
    if getattr(actor, "pk", None) != sheet.sent_by_id:
        raise DomainError(_("只有填写人可以撤回移交单"), code="forbidden")
    _open(sheet, _("撤回"))
    sheet.status = TransferStatus.CANCELLED
    sheet.save(update_fields=["status"])
    audit_record(
        actor=actor, change=Change("transfer.cancel", sheet, after=sheet_view(sheet), project_id=sheet.project_id)
    )
    archives = [i.archive for i in sheet.items.select_related("archive")]
    _events(sheet, EventKind.TRANSFER_REFUSED, _("移交单 %(s)s 已撤回") % {"s": sheet.number}, actor, archives)
    return sheet
