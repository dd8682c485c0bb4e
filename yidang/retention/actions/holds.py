"""Holds (冻结): a held document or file never reaches an appraisal or destruction list."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.archive.actions import archive_lock
from yidang.archive.models import Archive, Document
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.retention.actions.common import doc_label, local_time, require_perm
from yidang.retention.models import Hold
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind


@transaction.atomic
def hold_place(*, archive: Archive, reason: str, actor: Any, document: Document | None = None) -> Hold:
    """Freeze one document, or the whole file (``document`` None), for a legal matter or a dispute."""
    require_perm(actor, "retention.place_hold", archive.project_id, _("您没有冻结档案的权限"))
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
    what = doc_label(document) if document else _("整个档案 %(n)s") % {"n": archive.number}
    after = {"archive": archive.number, "item_no": document.item_no if document else None, "reason": hold.reason}
    audit_record(actor=actor, change=Change("retention.hold", hold, after=after, project_id=archive.project_id))
    summary = _("冻结%(what)s：%(r)s（冻结期间不得鉴定销毁）") % {"what": what, "r": hold.reason}
    timeline_add(room_id=archive.room_id, kind=EventKind.RETENTION_HOLD, summary=summary, actor=actor, obj=hold)
    return hold


@transaction.atomic
def hold_release(*, hold: Hold, reason: str, actor: Any) -> Hold:
    require_perm(actor, "retention.place_hold", hold.project_id, _("您没有解除冻结的权限"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写解除冻结的理由"), field="reason")
    hold = Hold.objects.select_for_update(of=("self",)).select_related("archive", "document").get(pk=hold.pk)
    if hold.released_at is not None:
        raise DomainError(_("该冻结已于 %(at)s 解除") % {"at": local_time(hold.released_at)})
    hold.released_at, hold.released_by, hold.release_reason = timezone.now(), actor, reason[:300]
    hold.save(update_fields=["released_at", "released_by", "release_reason"])
    after = {"archive": hold.archive.number, "reason": hold.release_reason}
    audit_record(actor=actor, change=Change("retention.release", hold, after=after, project_id=hold.project_id))
    summary = _("解除冻结 %(n)s：%(r)s") % {"n": hold.archive.number, "r": hold.release_reason}
    timeline_add(room_id=hold.archive.room_id, kind=EventKind.RETENTION_RELEASE, summary=summary, actor=actor, obj=hold)
    return hold
