"""Every change of state of quality inspections, each one transaction with its audit row.

The periodic jobs (``inspection_proposals_refresh``, ``inspection_samples_due``) are idempotent:
a building is proposed once (a unique constraint), a project is sampled once per half year (a
partial unique constraint), so running them again, or from two workers, adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.queries import project_ids_of
from yidang.archive.models import Document
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.inspections.models import (
    FAULTY_KINDS,
    ChaseStatus,
    ChaseTask,
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionProposal,
    InspectionRecord,
    InspectionStatus,
    PlannedCheck,
    PlanStatus,
    ProposalReason,
    ProposalStatus,
    RecordStatus,
)
from yidang.inspections.queries import (
    archives_to_check,
    buildings_occupancy,
    chase_working_days,
    cs_owners,
    record_checklist,
)
from yidang.inspections.sampling import new_seed, sample_draw
from yidang.places.models import Building, Project
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind
from yidang.workdays.queries import add_working_days

SYSTEM_PROPOSALS = "system: inspection proposals"
SYSTEM_SAMPLE = "system: six-monthly sample"


def _require(actor: Any, project_id: int, perm: str, message: str) -> None:
    allowed = getattr(actor, "is_authenticated", False) and actor.has_perm(perm)
    if not allowed or project_id not in project_ids_of(actor):
        raise DomainError(message, code="forbidden")


def _audit(actor: Any, action: str, obj: Any, project_id: int, **after: Any) -> None:
    audit_record(actor=actor, change=Change(action, obj, after=after, project_id=project_id))


def _local(at: datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"


# ---- proposals of a full check ---------------------------------------------------------------------


def inspection_proposals_refresh(*, today: date | None = None) -> int:
    """Propose a full check of every building that reached the occupancy threshold or the first
    anniversary of its first move-in and has no proposal yet; returns how many were proposed."""
    today = today or timezone.localdate()
    percent = settings.YIDANG_INSPECTION_OCCUPANCY_PERCENT
    proposed = set(InspectionProposal.objects.values_list("building_id", flat=True))
    made = 0
    for b in buildings_occupancy():
        if b.building_id in proposed:
            continue
        anniversary = b.anniversary()
        if b.reaches(percent):
            reason = ProposalReason.OCCUPANCY
        elif anniversary is not None and anniversary <= today:
            reason = ProposalReason.ANNIVERSARY
        else:
            continue
        made += _propose(b.building_id, b.project_id, reason, b.rooms, b.occupied, b.first_move_in)
    return made


def _propose(building_id: int, project_id: int, reason: str, rooms: int, occupied: int, first: date | None) -> int:
    try:
        with transaction.atomic():
            proposal = InspectionProposal.objects.create(
                project_id=project_id,
                building_id=building_id,
                reason=reason,
                proposed_at=timezone.now(),
                rooms=rooms,
                occupied=occupied,
                first_move_in=first,
            )
            _audit(
                SYSTEM_PROPOSALS,
                "inspection.propose",
                proposal,
                project_id,
                reason=reason,
                rooms=rooms,
                occupied=occupied,
                first_move_in=first.isoformat() if first else None,
            )
    except IntegrityError:  # another worker proposed it first
        return 0
    return 1


def _create_records(inspection: Inspection, archive_ids: Sequence[int]) -> int:
    rows = [
        InspectionRecord(inspection=inspection, archive_id=a, project_id=inspection.project_id) for a in archive_ids
    ]
    return len(InspectionRecord.objects.bulk_create(rows))


@transaction.atomic
def inspection_start_full(*, proposal: InspectionProposal, actor: Any) -> Inspection:
    """The supervisor turns a proposal into a full check of every file of the building."""
    _require(actor, proposal.project_id, "inspections.run_inspection", _("全面检查须由本项目的客服主管安排"))
    proposal = InspectionProposal.objects.select_for_update().select_related("building").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.OPEN:
        raise DomainError(_("该提议已安排检查，不能重复安排"), code="state")
    archive_ids = list(
        archives_to_check(proposal.project_id).filter(room__building=proposal.building).values_list("id", flat=True)
    )
    if not archive_ids:
        raise DomainError(_("%(b)s 还没有档案，无法检查") % {"b": proposal.building})
    inspection = Inspection.objects.create(
        project_id=proposal.project_id,
        kind=InspectionKind.FULL,
        building=proposal.building,
        proposal=proposal,
        started_by=actor,
        started_at=timezone.now(),
    )
    files = _create_records(inspection, archive_ids)
    proposal.status = ProposalStatus.STARTED
    proposal.save(update_fields=["status"])
    _audit(
        actor,
        "inspection.start",
        inspection,
        inspection.project_id,
        kind="full",
        building=proposal.building.code,
        files=files,
    )
    return inspection


# ---- the six-monthly sample ------------------------------------------------------------------------


def half_year(at: datetime) -> str:
    local = timezone.localtime(at)
    return f"{local.year}H{1 if local.month <= 6 else 2}"


def _population(project_id: int) -> dict[int, list[int]]:
    population: dict[int, list[int]] = {}
    for archive_id, building_id in archives_to_check(project_id).values_list("id", "room__building_id"):
        population.setdefault(building_id, []).append(archive_id)
    return {b: sorted(ids) for b, ids in population.items()}


@transaction.atomic
def inspection_sample_draw(
    *, project: Project, actor: Any, seed: int | None = None, at: datetime | None = None
) -> Inspection:
    """Draw this half year's sample of the project's files: at least ``YIDANG_INSPECTION_SAMPLE_PERCENT``
    of each building's (rounded up), from ``seed`` (a fresh one if not given). Population, seed and
    draw are stored, so the draw can be redone (``inspection_sample_reproduce``)."""
    if not isinstance(actor, str):
        _require(actor, project.pk, "inspections.run_inspection", _("抽样检查须由本项目的客服主管发起"))
    at = at or timezone.now()
    period = half_year(at)
    if Inspection.objects.filter(project=project, kind=InspectionKind.SAMPLE, period=period).exists():
        raise DomainError(_("%(p)s 的抽样检查已经抽取，每半年一次") % {"p": period}, code="conflict")
    population = _population(project.pk)
    if not population:
        raise DomainError(_("项目 %(p)s 还没有档案，无法抽样") % {"p": project})
    percent = settings.YIDANG_INSPECTION_SAMPLE_PERCENT
    seed = new_seed() if seed is None else seed
    drawn = sample_draw(population, seed=seed, percent=percent)
    codes = dict(Building.objects.filter(pk__in=population).values_list("id", "code"))
    strata = [
        {"building": b, "code": codes.get(b, ""), "population": len(population[b]), "drawn": len(drawn[b])}
        for b in sorted(population, key=lambda b: codes.get(b, ""))
    ]
    try:
        with transaction.atomic():
            inspection = Inspection.objects.create(
                project=project,
                kind=InspectionKind.SAMPLE,
                period=period,
                seed=seed,
                rate=Decimal(percent) / 100,
                population={str(b): ids for b, ids in population.items()},
                strata=strata,
                started_by=actor if not isinstance(actor, str) else None,
                started_at=at,
            )
    except IntegrityError:  # drawn at the same moment by the job or another supervisor
        raise DomainError(_("%(p)s 的抽样检查已经抽取，每半年一次") % {"p": period}, code="conflict") from None
    files = _create_records(inspection, [a for ids in drawn.values() for a in ids])
    _audit(
        actor,
        "inspection.sample",
        inspection,
        project.pk,
        period=period,
        seed=str(seed),
        percent=percent,
        population=sum(len(v) for v in population.values()),
        files=files,
    )
    return inspection


def inspection_sample_reproduce(inspection: Inspection) -> dict[int, list[int]]:
    """The draw redone from the recorded seed and population (equal to the stored records when intact)."""
    assert inspection.seed is not None and inspection.rate is not None
    population = {int(b): ids for b, ids in inspection.population.items()}
    return sample_draw(population, seed=inspection.seed, percent=int(inspection.rate_percent or 0))


def inspection_samples_due(*, at: datetime | None = None) -> int:
    """The periodic job: draw the half year's sample of every project with files that has none yet."""
    at = at or timezone.now()
    period = half_year(at)
    done = set(
        Inspection.objects.filter(kind=InspectionKind.SAMPLE, period=period).values_list("project_id", flat=True)
    )
    drawn = 0
    for project in Project.objects.exclude(pk__in=done).filter(archives__isnull=False).distinct():
        try:
            inspection_sample_draw(project=project, actor=SYSTEM_SAMPLE, at=at)
        except DomainError:  # drawn meanwhile, or no file left to draw
            continue
        drawn += 1
    return drawn


# ---- one file's check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCheck:
    """What the inspector saw of one checklist item: ``kind`` empty = present and in order."""

    doc_type_id: int
    kind: str = ""
    note: str = ""


def _validate_checks(record: InspectionRecord, checks: Sequence[ItemCheck]) -> dict[int, Any]:
    items = {item.doc_type_id: item for item in record_checklist(record)}
    seen = {c.doc_type_id for c in checks}
    if seen != set(items) or len(seen) != len(checks):
        raise DomainError(_("检查项与该档案的目录不符，请刷新页面后重新检查"), field="items")
    for c in checks:
        if c.kind and c.kind not in FindingKind.values:
            raise DomainError(_("问题类型无效"), field="items")
        if c.kind == FindingKind.OTHER and not c.note.strip():
            raise DomainError(
                _("“%(t)s”选择了“其他问题”，请写明情况") % {"t": items[c.doc_type_id].doc_type}, field="items"
            )
    return items


def _owner_of(record: InspectionRecord, owner: Any) -> Any:
    if owner is None:
        raise DomainError(_("有缺失或有误的文件，请指定整改责任人"), field="owner")
    if not cs_owners(record.project_id).filter(pk=owner.pk).exists():
        raise DomainError(_("整改责任人须为本项目的客服人员"), field="owner")
    return owner


@transaction.atomic
def inspection_record_submit(
    *,
    record: InspectionRecord,
    checks: Sequence[ItemCheck],
    actor: Any,
    owner: Any = None,
    note: str = "",
    due_days: int | None = None,
) -> InspectionRecord:
    """The inspector's findings on one file: each missing or faulty item becomes a finding and a chase
    task for ``owner``, due after ``due_days`` working days (default ``YIDANG_INSPECTION_CHASE_WORKING_DAYS``)."""
    _require(actor, record.project_id, "inspections.run_inspection", _("质量检查须由本项目的客服主管进行"))
    record = InspectionRecord.objects.select_for_update().select_related("inspection", "archive").get(pk=record.pk)
    if record.status != RecordStatus.PENDING:
        at = _local(record.inspected_at) if record.inspected_at else ""
        raise DomainError(_("该档案已检查（%(at)s），不能重复提交") % {"at": at}, code="state")
    items = _validate_checks(record, checks)
    problems = [c for c in checks if c.kind]
    if due_days is not None and not 0 <= due_days <= 60:
        raise DomainError(_("整改期限须为 0–60 个工作日"), field="due_days")
    now = timezone.now()
    due_at = add_working_days(now, chase_working_days() if due_days is None else due_days)
    if problems:
        owner = _owner_of(record, owner)
    for c in problems:
        _finding(record, c, owner, due_at, now)
    record.status, record.inspector, record.inspected_at = RecordStatus.DONE, actor, now
    record.items_checked, record.note = len(items), note.strip()[:500]
    record.save()
    kinds = sorted({c.kind for c in problems})
    _audit(
        actor,
        "inspection.record",
        record,
        record.project_id,
        archive=record.archive.number,
        items=len(items),
        findings=len(problems),
        kinds=kinds,
        owner=owner.get_username() if problems else None,
    )
    timeline_add(
        room_id=record.archive.room_id,
        kind=EventKind.INSPECTION_RECORD,
        summary=_summary(record, problems, owner, due_at),
        actor=actor,
        obj=record,
        data={"inspection": record.inspection_id, "findings": len(problems)},
    )
    _finish_if_done(record.inspection, now)
    return record


def _finding(record: InspectionRecord, c: ItemCheck, owner: Any, due_at: datetime, now: datetime) -> ChaseTask:
    document = None
    if c.kind in FAULTY_KINDS:
        document = (
            Document.objects.filter(archive_id=record.archive_id, doc_type_id=c.doc_type_id)
            .order_by("-item_no")
            .first()
        )
    finding = Finding.objects.create(
        record=record, doc_type_id=c.doc_type_id, document=document, kind=c.kind, note=c.note.strip()[:300]
    )
    return ChaseTask.objects.create(
        finding=finding,
        project_id=record.project_id,
        archive_id=record.archive_id,
        owner=owner,
        due_at=due_at,
        created_at=now,
    )


def _summary(record: InspectionRecord, problems: Sequence[ItemCheck], owner: Any, due_at: datetime) -> str:
    kind = record.inspection.get_kind_display()
    if not problems:
        return _("%(k)s：%(n)s 项目录齐全合格") % {"k": kind, "n": record.items_checked}
    missing = sum(1 for c in problems if c.kind == FindingKind.MISSING)
    return _("%(k)s：发现 %(n)s 项问题（缺失 %(m)s，有误 %(f)s），由 %(o)s 于 %(d)s 前整改") % {
        "k": kind,
        "n": len(problems),
        "m": missing,
        "f": len(problems) - missing,
        "o": owner,
        "d": _local(due_at),
    }


def _finish_if_done(inspection: Inspection, now: datetime) -> None:
    if inspection.records.filter(status=RecordStatus.PENDING).exists():
        return
    Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.OPEN).update(
        status=InspectionStatus.DONE, finished_at=now
    )


# ---- follow-through --------------------------------------------------------------------------------


@transaction.atomic
def chase_task_close(*, task: ChaseTask, actor: Any, resolution: str) -> ChaseTask:
    """The owner (or a supervisor) closes a chase task, saying what was done."""
    task = ChaseTask.objects.select_for_update().select_related("finding__doc_type", "archive").get(pk=task.pk)
    is_owner = getattr(actor, "pk", None) == task.owner_id and task.project_id in project_ids_of(actor)
    if not is_owner:
        _require(actor, task.project_id, "inspections.run_inspection", _("只有责任人或客服主管可以办结整改任务"))
    if task.status != ChaseStatus.OPEN:
        raise DomainError(_("该整改任务已办结"), code="state")
    resolution = resolution.strip()
    if not resolution:
        raise DomainError(_("请写明整改情况（补交了什么、如何更正）"), field="resolution")
    now = timezone.now()
    late = now > task.due_at
    task.status, task.closed_by, task.closed_at, task.resolution = ChaseStatus.CLOSED, actor, now, resolution[:500]
    task.save()
    _audit(
        actor,
        "inspection.chase_close",
        task,
        task.project_id,
        archive=task.archive.number,
        doc_type=task.finding.doc_type.code,
        late=late,
        resolution=task.resolution,
    )
    summary = _("检查整改办结：%(t)s（%(k)s）— %(r)s") % {
        "t": task.finding.doc_type,
        "k": task.finding.get_kind_display(),
        "r": task.resolution,
    }
    timeline_add(room_id=task.archive.room_id, kind=EventKind.INSPECTION_CHASE, summary=summary, actor=actor, obj=task)
    return task


# ---- the year's plan -------------------------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(*, project: Project, year: int, actor: Any) -> InspectionPlan:
    _require(actor, project.pk, "inspections.run_inspection", _("检查计划须由本项目的客服主管编制"))
    if not 2000 <= year <= 2100:
        raise DomainError(_("年度无效"), field="year")
    if InspectionPlan.objects.filter(project=project, year=year).exists():
        raise DomainError(_("%(p)s %(y)s 年的检查计划已存在") % {"p": project, "y": year}, field="year")
    plan = InspectionPlan.objects.create(project=project, year=year, created_by=actor, created_at=timezone.now())
    _audit(actor, "inspection.plan_create", plan, project.pk, year=year)
    return plan


def _draft(plan: InspectionPlan) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("计划已批准，不能再修改"), code="state")
    return plan


@transaction.atomic
def inspection_plan_check_add(*, plan: InspectionPlan, month: int, kind: str, scope: str, actor: Any) -> PlannedCheck:
    _require(actor, plan.project_id, "inspections.run_inspection", _("检查计划须由本项目的客服主管编制"))
    plan = _draft(plan)
    if not 1 <= month <= 12:
        raise DomainError(_("月份须为 1–12"), field="month")
    if kind not in InspectionKind.values:
        raise DomainError(_("检查类型无效"), field="kind")
    scope = scope.strip()
    if not scope:
        raise DomainError(_("请填写检查范围"), field="scope")
    check = PlannedCheck.objects.create(plan=plan, month=month, kind=kind, scope=scope[:200])
    _audit(actor, "inspection.plan_check_add", plan, plan.project_id, month=month, kind=kind, scope=check.scope)
    return check


@transaction.atomic
def inspection_plan_check_remove(*, check: PlannedCheck, actor: Any) -> None:
    _require(actor, check.plan.project_id, "inspections.run_inspection", _("检查计划须由本项目的客服主管编制"))
    plan = _draft(check.plan)
    _audit(actor, "inspection.plan_check_remove", plan, plan.project_id, month=check.month, kind=check.kind)
    check.delete()


@transaction.atomic
def inspection_plan_approve(*, plan: InspectionPlan, actor: Any) -> InspectionPlan:
    """The CS manager approves the year's plan; refused with fewer than ``YIDANG_INSPECTION_PLAN_MIN_CHECKS``."""
    _require(actor, plan.project_id, "inspections.approve_inspectionplan", _("检查计划须由本项目的客服经理批准"))
    plan = _draft(plan)
    minimum = settings.YIDANG_INSPECTION_PLAN_MIN_CHECKS
    count = plan.checks.count()
    if count < minimum:
        raise DomainError(
            _("档案检查计划每年至少 %(m)s 次检查，本计划只有 %(n)s 次，不能批准") % {"m": minimum, "n": count}
        )
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.APPROVED, actor, timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    _audit(actor, "inspection.plan_approve", plan, plan.project_id, year=plan.year, checks=count)
    return plan
