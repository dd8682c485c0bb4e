"""The expiry sweep, the panel's appraisal and the general manager's decision on a destruction list."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.notifications.actions import notify
from yidang.places.models import Project
from yidang.retention.actions.common import MAX_KEEP_YEARS, doc_label, list_lock, local_time, project_gms, require_perm
from yidang.retention.expiry import Expired, documents_expired, period_end
from yidang.retention.models import Appraisal, AppraisalItem, AppraisalStatus, Decision, DestructionList, ListStatus
from yidang.retention.queries import document_hold, held_document_ids
from yidang.timeline.actions import EventRow, timeline_add, timeline_add_many
from yidang.timeline.models import EventKind
from yidang.workdays.queries import add_working_days


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


def _lock_appraisal(appraisal: Appraisal) -> Appraisal:
    return Appraisal.objects.select_for_update().select_related("project").get(pk=appraisal.pk)


@transaction.atomic
def appraisal_item_decide(
    *, item: AppraisalItem, decision: str, actor: Any, keep_years: int | None = None, reason: str = ""
) -> AppraisalItem:
    """The panel's word on one expired document: keep (a new period and a reason) or destroy."""
    appraisal = _lock_appraisal(item.appraisal)
    require_perm(
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
        "document": doc_label(item.document),
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


@transaction.atomic
def appraisal_close(*, appraisal: Appraisal, actor: Any) -> DestructionList | None:
    """Finish an appraisal: its destroy items become a destruction list for the general manager.

    Every item must be decided, except those held since listing: they are withheld. Returns the
    list, or None when the panel kept everything.
    """
    appraisal = _lock_appraisal(appraisal)
    require_perm(actor, "retention.appraise", appraisal.project_id, _("只有鉴定小组可以完成鉴定"))
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
        "d": local_time(dlist.due_at),
    }
    notify(users=project_gms(dlist.project_id), key=f"retention.list.{dlist.pk}", text=text, url=url)
    return dlist


def _decide(dlist: DestructionList, actor: Any, status: str, note: str) -> DestructionList:
    dlist = list_lock(dlist)
    require_perm(actor, "retention.approve_destruction", dlist.project_id, _("销毁清单须由总经理审批"))
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
