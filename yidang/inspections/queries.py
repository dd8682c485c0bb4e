"""Reads about quality inspections that encode a rule: who sees what, what a record checks, the triggers.

Visibility is an SQL filter on the user's projects: ``inspections.view_inspection`` (CS supervisor,
archivist, CS manager) sees the project's inspections, plans and every chase task; other CS staff
(``inspections.view_chasetask``) see the chase tasks they own. Anything else answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.accounts.roles import CS_ROLES
from yidang.archive.models import Archive, ArchiveStatus, ChecklistItem
from yidang.core.todo import TodoItem
from yidang.inspections.models import (
    ChaseStatus,
    ChaseTask,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionProposal,
    InspectionRecord,
    PlannedCheck,
    ProposalStatus,
    RecordStatus,
)
from yidang.places.models import Building, Room, RoomUse
from yidang.places.models import Occupancy as RoomOccupancy

# A full check covers these categories of the file (DOMAIN.md: move-in and renovation files).
FULL_CHECK_CATEGORIES = ("movein", "renovation")
# Rooms that count towards a building's occupancy: homes, shops and offices (not parking or storage).
COUNTED_USES = (RoomUse.RESIDENTIAL, RoomUse.SHOP, RoomUse.OFFICE)


def sees_inspections(user: User) -> bool:
    return user.has_perm("inspections.view_inspection")


def runs_inspections(user: User) -> bool:
    return user.has_perm("inspections.run_inspection")


def _mine(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return qs.filter(project_id__in=project_ids_of(user))


def inspections_visible_to(user: User) -> QuerySet[Inspection]:
    return _mine(Inspection.objects.all(), user) if sees_inspections(user) else Inspection.objects.none()


def inspection_get(user: User, pk: int) -> Inspection:
    found = inspections_visible_to(user).select_related("project", "building", "started_by").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该检查")
    return found


def records_visible_to(user: User) -> QuerySet[InspectionRecord]:
    if not sees_inspections(user):
        return InspectionRecord.objects.none()
    return _mine(InspectionRecord.objects.all(), user)


def record_get(user: User, pk: int) -> InspectionRecord:
    found = (
        records_visible_to(user)
        .select_related("inspection__building", "archive__room__building", "project", "inspector")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该检查记录")
    return found


def proposals_visible_to(user: User) -> QuerySet[InspectionProposal]:
    if not sees_inspections(user):
        return InspectionProposal.objects.none()
    return _mine(InspectionProposal.objects.all(), user)


def proposal_get(user: User, pk: int) -> InspectionProposal:
    found = proposals_visible_to(user).select_related("building", "project").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该提议")
    return found


def plans_visible_to(user: User) -> QuerySet[InspectionPlan]:
    return _mine(InspectionPlan.objects.all(), user) if sees_inspections(user) else InspectionPlan.objects.none()


def plan_get(user: User, pk: int) -> InspectionPlan:
    found = plans_visible_to(user).select_related("project", "created_by", "approved_by").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该检查计划")
    return found


@dataclass(frozen=True)
class PlannedCheckProgress:
    check: PlannedCheck
    inspection: Inspection | None  # the inspection that carried it out
    overdue: bool  # its month is over and none was started in it


def plan_progress(plan: InspectionPlan, *, today: date | None = None) -> list[PlannedCheckProgress]:
    """Each planned check with the inspection that carried it out: one of the same kind started in the
    plan's project in that month of its year (local time). Two checks of a kind planned for one month
    take that month's first two such inspections, in the order they were planned."""
    today = today or timezone.localdate()
    started: dict[tuple[int, str], list[Inspection]] = {}
    year = Inspection.objects.filter(project_id=plan.project_id, started_at__year=plan.year)
    for one in year.order_by("started_at", "id"):
        started.setdefault((timezone.localtime(one.started_at).month, one.kind), []).append(one)
    progress = []
    for check in plan.checks.all():
        same = started.get((check.month, check.kind), [])
        inspection = same.pop(0) if same else None
        month_over = (plan.year, check.month) < (today.year, today.month)
        progress.append(PlannedCheckProgress(check, inspection, overdue=inspection is None and month_over))
    return progress


def chase_tasks_visible_to(user: User) -> QuerySet[ChaseTask]:
    """All chase tasks of the user's projects for inspection readers; the user's own for other CS staff."""
    if sees_inspections(user):
        return _mine(ChaseTask.objects.all(), user)
    if user.has_perm("inspections.view_chasetask"):
        return _mine(ChaseTask.objects.filter(owner=user), user)
    return ChaseTask.objects.none()


def chase_task_get(user: User, pk: int) -> ChaseTask:
    found = (
        chase_tasks_visible_to(user)
        .select_related("finding__doc_type", "finding__record__inspection", "archive__room", "owner", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该整改任务")
    return found


# ---- what a record checks ------------------------------------------------------------------------


def record_checklist(record: InspectionRecord) -> QuerySet[ChecklistItem]:
    """The file's checklist items the check covers: move-in and renovation for a full check, all for a sample."""
    items = ChecklistItem.objects.filter(archive_id=record.archive_id).select_related("doc_type__category")
    if record.inspection.kind == InspectionKind.FULL:
        items = items.filter(doc_type__category__code__in=FULL_CHECK_CATEGORIES)
    return items.order_by("doc_type__category__sort", "doc_type__sort", "doc_type__code")


def archives_to_check(project_id: int) -> QuerySet[Archive]:
    """Files held here (not transferred away): what inspections draw from."""
    return Archive.objects.filter(project_id=project_id).exclude(status=ArchiveStatus.TRANSFERRED)


def cs_owners(project_id: int) -> QuerySet[User]:
    """Who may own a chase task: active customer-service staff of the project."""
    return (
        User.objects.filter(is_active=True, projects=project_id, groups__name__in=[r.value for r in CS_ROLES])
        .distinct()
        .order_by("username")
    )


# ---- the triggers of a full check ----------------------------------------------------------------


@dataclass(frozen=True)
class BuildingOccupancy:
    building_id: int
    project_id: int
    rooms: int
    occupied: int
    first_move_in: date | None

    def reaches(self, percent: int) -> bool:
        return self.rooms > 0 and self.occupied * 100 >= percent * self.rooms

    def anniversary(self) -> date | None:
        if self.first_move_in is None:
            return None
        try:
            return self.first_move_in.replace(year=self.first_move_in.year + 1)
        except ValueError:  # 29 February
            return date(self.first_move_in.year + 1, 3, 1)


def buildings_occupancy(building_ids: Iterable[int] | None = None) -> list[BuildingOccupancy]:
    """Each building's counted rooms, occupied rooms and first move-in (the earlier of the rooms'
    入伙日期 and the first file opened), in two grouped queries."""
    rooms = Room.objects.filter(use__in=COUNTED_USES)
    buildings = Building.objects.all()
    if building_ids is not None:
        ids = list(building_ids)
        rooms, buildings = rooms.filter(building_id__in=ids), buildings.filter(pk__in=ids)
    counts = {
        row["building_id"]: row
        for row in rooms.values("building_id").annotate(
            n=Count("id"), occ=Count("id", filter=~Q(occupancy=RoomOccupancy.VACANT)), first=Min("move_in_date")
        )
    }
    opened = dict(
        Archive.objects.filter(room__building__in=buildings)
        .values("room__building_id")
        .annotate(first=Min("opened_at"))
        .values_list("room__building_id", "first")
    )
    result = []
    for building_id, project_id in buildings.values_list("id", "project_id"):
        row: dict[str, Any] = dict(counts.get(building_id) or {"n": 0, "occ": 0, "first": None})
        firsts: list[date] = [d for d in (row["first"], _local_date(opened.get(building_id))) if d is not None]
        first = min(firsts) if firsts else None
        result.append(BuildingOccupancy(building_id, project_id, int(row["n"]), int(row["occ"]), first))
    return result


def _local_date(at: datetime | None) -> date | None:
    return timezone.localtime(at).date() if at is not None else None


# ---- the follow-through page and today's work ----------------------------------------------------


@dataclass
class OwnerTasks:
    owner: User
    tasks: list[ChaseTask] = field(default_factory=list)
    overdue: int = 0


def follow_through(user: User, now: datetime, *, limit: int = 500) -> list[OwnerTasks]:
    """Open chase tasks by owner, overdue first: owners with the most overdue first, each's tasks by due date."""
    tasks = (
        chase_tasks_visible_to(user)
        .filter(status=ChaseStatus.OPEN)
        .select_related("owner", "archive__room", "finding__doc_type", "finding__record")
        .order_by("due_at", "id")[:limit]
    )
    groups: dict[int, OwnerTasks] = {}
    for task in tasks:
        group = groups.setdefault(task.owner_id, OwnerTasks(owner=task.owner))
        group.tasks.append(task)
        task.is_overdue = task.due_at < now  # type: ignore[attr-defined]
        group.overdue += task.is_overdue  # type: ignore[attr-defined]
    return sorted(groups.values(), key=lambda g: (-g.overdue, g.tasks[0].due_at, g.owner.get_username()))


def overdue_tasks_of(user: User, now: datetime) -> QuerySet[ChaseTask]:
    return ChaseTask.objects.filter(
        owner=user, status=ChaseStatus.OPEN, due_at__lt=now, project_id__in=project_ids_of(user)
    )


def todo_for(user: User) -> list[TodoItem]:
    """The owner's overdue and open chase tasks; for supervisors, proposals and files waiting to be checked."""
    if not user.is_authenticated:
        return []
    now = timezone.now()
    url = reverse("inspections:chase")
    mine = ChaseTask.objects.filter(owner=user, status=ChaseStatus.OPEN, project_id__in=project_ids_of(user))
    overdue = mine.filter(due_at__lt=now).count()
    items = [
        TodoItem(_("整改任务已逾期"), overdue, url, urgent=True),
        TodoItem(_("待办整改任务"), mine.filter(due_at__gte=now).count(), url),
    ]
    if runs_inspections(user):
        items.append(
            TodoItem(
                _("待安排的全面检查提议"),
                proposals_visible_to(user).filter(status=ProposalStatus.OPEN).count(),
                reverse("inspections:proposals"),
            )
        )
        pending = records_visible_to(user).filter(status=RecordStatus.PENDING).count()
        items.append(TodoItem(_("待检查的档案"), pending, reverse("inspections:index")))
    return items


def chase_working_days() -> int:
    return int(settings.YIDANG_INSPECTION_CHASE_WORKING_DAYS)
