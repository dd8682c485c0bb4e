"""Loss and damage reports: report → cause, measures (repair, replace, police, management) → close.

Each step is one transaction with its audit row and an event on the household's timeline. The papers
a report names are updated through the archive's own action (``document_update``): a missing paper is
no longer in the folder (``paper_present``), a replacement puts a paper back (a copy, naming where the
original is). A theft is told to the project's CS managers at once (DOMAIN.md: theft is reported to
management and police), and a theft report cannot be closed without a police report number and the
report to management.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.accounts.roles import Role
from yidang.archive.actions import DocumentData, archive_lock, document_update
from yidang.archive.models import Archive, Document
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.incidents.models import Cause, IncidentKind, IncidentReport, IncidentStatus, IncidentStep, StepKind
from yidang.notifications.actions import notify
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind

REPORT_PERMISSION = "incidents.add_incidentreport"
HANDLE_PERMISSION = "incidents.handle_incidentreport"


def incident_view(report: IncidentReport) -> dict[str, Any]:
    """What an audit row says about a report."""
    return {
        "archive": report.archive.number,
        "kind": report.kind,
        "cause": report.cause,
        "status": report.status,
        "loan": report.loan_id,
        "police_report_no": report.police_report_no,
    }


def _may(actor: Any, project_id: int, permission: str, message: str) -> None:
    if not getattr(actor, "is_authenticated", False) or project_id not in project_ids_of(actor):
        raise DomainError(message, code="forbidden")
    if not actor.has_perm(permission):
        raise DomainError(message, code="forbidden")


def _items(documents: Iterable[Document]) -> str:
    return "、".join(_("第%(no)s件%(t)s") % {"no": d.item_no, "t": d.title} for d in documents)


def _document_data(doc: Document, **changes: Any) -> DocumentData:
    """The document as the archive's form would resubmit it, with ``changes``."""
    data = DocumentData(
        doc_type=doc.doc_type,
        title=doc.title,
        doc_date=doc.doc_date,
        source=doc.source,
        is_original=doc.is_original,
        original_location=doc.original_location,
        pages=doc.pages,
        note=doc.note,
        paper_present=doc.paper_present,
        retention_class=doc.retention_class,
        retention_years=doc.retention_years,
        retention_reason=doc.retention_reason,
    )
    return replace(data, **changes)


def _notify_theft(report: IncidentReport) -> None:
    managers = User.objects.filter(groups__name=Role.CS_MANAGER.value, projects=report.project_id, is_active=True)
    text = _("【档案被盗】%(n)s：%(note)s，请报警并上报管理层") % {"n": report.archive.number, "note": report.note}
    url = reverse("incidents:detail", args=[report.pk])
    notify(users=managers, key=f"incident-theft-{report.pk}", text=text, url=url)


def _lock(report: IncidentReport) -> IncidentReport:
    """The folder's row lock, then the report's: the order every step takes them in."""
    archive = archive_lock(report.archive)
    locked = IncidentReport.objects.select_for_update().get(pk=report.pk)
    locked.archive = archive
    return locked


def _record(report: IncidentReport, actor: Any, action: str, summary: str, kind: str, **after: Any) -> None:
    audit_record(
        actor=actor,
        change=Change(action, report, after={**incident_view(report), **after}, project_id=report.project_id),
    )
    timeline_add(
        room_id=report.archive.room_id,
        kind=kind,
        summary=summary,
        actor=actor,
        obj=report,
        data={"report": report.pk, "kind": report.kind, "loan": report.loan_id},
    )


@dataclass(frozen=True)
class IncidentData:
    """What the reporter says: which papers, lost or damaged, when found, what was seen, why if known."""

    kind: str
    documents: tuple[int, ...]
    note: str
    found_at: datetime | None = None
    cause: str = Cause.UNKNOWN


def _clean(archive: Archive, data: IncidentData) -> tuple[list[Document], datetime]:
    if data.kind not in IncidentKind.values:
        raise DomainError(_("请选择缺失或损坏"), field="kind")
    if data.cause not in Cause.values:
        raise DomainError(_("请选择原因"), field="cause")
    if not data.note.strip():
        raise DomainError(_("请写明情况（什么文件、在哪里、怎样发现的）"), field="note")
    docs = list(archive.documents.select_related("doc_type").filter(pk__in=set(data.documents)).order_by("item_no"))
    if not data.documents:
        raise DomainError(_("请选择涉及的文件"), field="documents")
    if len(docs) != len(set(data.documents)):
        raise DomainError(_("所选文件不属于档案 %(n)s") % {"n": archive.number}, field="documents")
    found_at = data.found_at or timezone.now()
    if found_at > timezone.now():
        raise DomainError(_("发现时间不能晚于现在"), field="found_at")
    if data.kind == IncidentKind.MISSING and any(not d.paper_present for d in docs):
        gone = [d for d in docs if not d.paper_present]
        raise DomainError(_("%(items)s 的纸质件已登记为不在袋中") % {"items": _items(gone)}, field="documents")
    return docs, found_at.replace(second=0, microsecond=0)


@transaction.atomic
def incident_report(*, archive: Archive, data: IncidentData, actor: Any, loan: Any = None) -> IncidentReport:
    """File a loss or damage report. Missing papers leave the folder's catalogue as not present."""
    _may(actor, archive.project_id, REPORT_PERMISSION, _("只能报告本人所在项目的档案缺损"))
    archive = archive_lock(archive)
    docs, found_at = _clean(archive, data)
    now = timezone.now()
    report = IncidentReport.objects.create(
        project_id=archive.project_id,
        archive=archive,
        loan=loan,
        kind=data.kind,
        cause=data.cause,
        note=data.note.strip()[:500],
        found_at=found_at,
        recorded_by=actor,
        recorded_at=now,
    )
    report.documents.set(docs)
    if data.kind == IncidentKind.MISSING:
        for doc in docs:
            document_update(document=doc, data=_document_data(doc, paper_present=False), actor=actor)
    label = IncidentKind(data.kind).label
    if loan is not None:
        summary = _("归还时文件%(k)s：%(items)s（%(note)s）") % {"k": label, "items": _items(docs), "note": report.note}
        kind = EventKind.LOAN_INCIDENT
    else:
        summary = _("档案文件%(k)s报告：%(items)s（%(note)s）") % {
            "k": label,
            "items": _items(docs),
            "note": report.note,
        }
        kind = EventKind.INCIDENT_REPORT
    _record(report, actor, "incident.report", summary, kind, item_nos=[d.item_no for d in docs], note=report.note)
    if report.cause == Cause.THEFT:
        _notify_theft(report)
    return report


def _open(report: IncidentReport) -> None:
    if report.status != IncidentStatus.OPEN:
        raise DomainError(_("该缺损报告已结案"), code="state")


def _step(report: IncidentReport, actor: Any, kind: str, note: str) -> IncidentStep:
    return IncidentStep.objects.create(report=report, kind=kind, note=note[:500], at=timezone.now(), by=actor)


@transaction.atomic
def incident_cause_set(*, report: IncidentReport, cause: str, note: str, actor: Any) -> IncidentReport:
    """Name the cause once it is known (theft: the CS managers are told)."""
    _may(actor, report.project_id, HANDLE_PERMISSION, _("须由档案管理员或客服主管、经理处理缺损报告"))
    report = _lock(report)
    _open(report)
    if cause not in Cause.values:
        raise DomainError(_("请选择原因"), field="cause")
    if not note.strip():
        raise DomainError(_("请写明认定原因的依据"), field="note")
    before, report.cause = report.cause, cause
    report.save(update_fields=["cause"])
    _step(report, actor, StepKind.CAUSE, f"{Cause(cause).label}：{note.strip()}")
    summary = _("缺损原因认定为%(c)s：%(n)s") % {"c": Cause(cause).label, "n": note.strip()}
    _record(report, actor, "incident.cause", summary, EventKind.INCIDENT_STEP, previous=before, note=note.strip())
    if cause == Cause.THEFT and before != Cause.THEFT:
        _notify_theft(report)
    return report


@dataclass(frozen=True)
class StepData:
    """A measure taken. ``police_report_no`` for a police report; ``documents`` and ``original_location``
    for a replacement (the papers put back, as copies, and where their original is)."""

    kind: str
    note: str
    police_report_no: str = ""
    documents: tuple[int, ...] = ()
    original_location: str = ""


MEASURES = (StepKind.REPAIR, StepKind.REPLACE, StepKind.POLICE, StepKind.MANAGEMENT, StepKind.NOTE)


@transaction.atomic
def incident_step_add(*, report: IncidentReport, data: StepData, actor: Any) -> IncidentStep:
    """Record a repair, a replacement, a police report, a report to management or a note."""
    _may(actor, report.project_id, HANDLE_PERMISSION, _("须由档案管理员或客服主管、经理处理缺损报告"))
    report = _lock(report)
    _open(report)
    if data.kind not in MEASURES:
        raise DomainError(_("请选择处理措施"), field="kind")
    note = data.note.strip()
    if not note:
        raise DomainError(_("请写明处理情况"), field="note")
    after: dict[str, Any] = {"step": data.kind, "note": note}
    if data.kind == StepKind.POLICE:
        number = data.police_report_no.strip()
        if not number:
            raise DomainError(_("报警须填写报警回执号"), field="police_report_no")
        report.police_report_no = number[:60]
        report.save(update_fields=["police_report_no"])
        after["police_report_no"] = report.police_report_no
    elif data.kind == StepKind.MANAGEMENT:
        report.management_reported_at = timezone.now()
        report.save(update_fields=["management_reported_at"])
    elif data.kind == StepKind.REPLACE:
        after["item_nos"] = _replace(report, data, actor)
    step = _step(report, actor, data.kind, note)
    summary = _("缺损处理（%(k)s）：%(n)s") % {"k": StepKind(data.kind).label, "n": note}
    _record(report, actor, "incident.step", summary, EventKind.INCIDENT_STEP, **after)
    return step


def _replace(report: IncidentReport, data: StepData, actor: Any) -> list[int]:
    """Put replacement papers back in the folder: copies, naming where the original is."""
    named = report.documents.select_related("doc_type").filter(pk__in=set(data.documents)).order_by("item_no")
    docs = list(named)
    if not docs or len(docs) != len(set(data.documents)):
        raise DomainError(_("请选择本报告涉及的、已补充的文件"), field="documents")
    where = data.original_location.strip()
    if not where:
        raise DomainError(_("补充的文件为复印件，须注明原件存放处（如：业主处）"), field="original_location")
    for doc in docs:
        changes = {"paper_present": True, "is_original": False, "original_location": where[:200]}
        document_update(document=doc, data=_document_data(doc, **changes), actor=actor)
    return [d.item_no for d in docs]


@transaction.atomic
def incident_close(*, report: IncidentReport, note: str, actor: Any) -> IncidentReport:
    """Close a report once something was done; a theft needs its police report and the report to management."""
    _may(actor, report.project_id, HANDLE_PERMISSION, _("须由档案管理员或客服主管、经理处理缺损报告"))
    report = _lock(report)
    _open(report)
    if not note.strip():
        raise DomainError(_("请填写结案说明"), field="note")
    if report.cause == Cause.UNKNOWN:
        raise DomainError(_("结案前须认定原因"), field="cause")
    if not report.steps.filter(kind__in=[StepKind.REPAIR, StepKind.REPLACE, StepKind.POLICE]).exists():
        raise DomainError(_("结案前须登记处理措施（修复、补充或报警）"))
    if report.cause == Cause.THEFT and not (report.police_report_no and report.management_reported_at):
        raise DomainError(_("被盗须报警（填写回执号）并上报管理层后才能结案"))
    report.status, report.closed_at, report.closed_by = IncidentStatus.CLOSED, timezone.now(), actor
    report.save(update_fields=["status", "closed_at", "closed_by"])
    _step(report, actor, StepKind.CLOSE, note.strip())
    summary = _("缺损报告结案：%(n)s") % {"n": note.strip()}
    _record(report, actor, "incident.close", summary, EventKind.INCIDENT_STEP, note=note.strip())
    return report
