"""Reads of the owner archive that encode who may see what. Every page, API and export uses these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.archive.models import Archive, ArchiveStatus, Category, ChecklistItem, Document, Scan
from yidang.households.models import Occupancy, OccupantRole
from yidang.households.queries import households_visible_to
from yidang.places.models import Project

OWNER_ROLES = [OccupantRole.OWNER, OccupantRole.CO_OWNER]


def archives_visible_to(user: User) -> QuerySet[Archive]:
    """Files of the households the user may see, for users who may read files (an SQL filter)."""
    if not user.has_perm("archive.view_archive_file"):
        return Archive.objects.none()
    return Archive.objects.filter(room__in=households_visible_to(user))


def archive_get(user: User, pk: int) -> Archive:
    """One file the user may see; any other id answers 404."""
    archive = (
        archives_visible_to(user)
        .select_related("room__project", "room__building", "room__unit", "project", "location")
        .filter(pk=pk)
        .first()
    )
    if archive is None:
        raise Http404("没有找到该档案")
    return archive


def document_get(archive: Archive, pk: int) -> Document:
    """A document of a file already checked visible."""
    doc = Document.objects.select_related("doc_type__category").filter(archive=archive, pk=pk).first()
    if doc is None:
        raise Http404("没有找到该文件")
    return doc


def scans_visible_to(user: User) -> QuerySet[Scan]:
    return Scan.objects.filter(document__archive__in=archives_visible_to(user))


def scan_get(user: User, pk: int) -> Scan:
    scan = scans_visible_to(user).select_related("document__archive").filter(pk=pk).first()
    if scan is None:
        raise Http404("没有找到该扫描件")
    return scan


def documents_of(archive: Archive) -> QuerySet[Document]:
    """The catalogue in item order, with each document's type, category and scan versions."""
    return (
        Document.objects.filter(archive=archive)
        .select_related("doc_type__category")
        .prefetch_related(Prefetch("scans", queryset=Scan.objects.order_by("-version")))
        .order_by("item_no")
    )


@dataclass
class CatalogueSection:
    category: Category
    documents: list[Document]


def catalogue_of(archive: Archive) -> list[CatalogueSection]:
    """The catalogue grouped by category, categories in their configured order."""
    sections: dict[int, CatalogueSection] = {}
    for doc in documents_of(archive):
        category = doc.doc_type.category
        sections.setdefault(category.pk, CatalogueSection(category, [])).documents.append(doc)
    return sorted(sections.values(), key=lambda s: (s.category.sort, s.category.code))


def checklist_of(archive: Archive) -> QuerySet[ChecklistItem]:
    return (
        ChecklistItem.objects.filter(archive=archive)
        .select_related("doc_type__category")
        .order_by("satisfied", "doc_type__category__sort", "doc_type__sort", "doc_type__code")
    )


def owner_names(room_ids: Iterable[int]) -> dict[int, str]:
    """Each room's owner names (``张伟、李娜``): the current owners, else the last ones (a closed file)."""
    ids = list(room_ids)
    by_room: dict[int, list[Occupancy]] = {}
    for start in range(0, len(ids), 500):
        occupancies = Occupancy.objects.filter(
            room_id__in=ids[start : start + 500], role__in=OWNER_ROLES
        ).select_related("person", "organization")
        for occ in occupancies:
            by_room.setdefault(occ.room_id, []).append(occ)
    return {room_id: _owners_shown(occs) for room_id, occs in by_room.items()}


def _owners_shown(occupancies: list[Occupancy]) -> str:
    current = [o for o in occupancies if o.end_date is None]
    if not current:
        last_end = max(o.end_date for o in occupancies if o.end_date is not None)
        current = [o for o in occupancies if o.end_date == last_end]
    current.sort(key=lambda o: (o.role != OccupantRole.OWNER, o.id))
    return "、".join(dict.fromkeys(str(o.occupant.name) for o in current))


# ---- lists, missing items, completeness --------------------------------------------------------


def archive_list(
    user: User, *, project_id: int | None = None, building_id: int | None = None, state: str = "", number: str = ""
) -> QuerySet[Archive]:
    """Files for the list page and API: by project, building, complete or not, archive number."""
    qs = archives_visible_to(user).select_related("room__building", "project", "location")
    if project_id:
        qs = qs.filter(project_id=project_id)
    if building_id:
        qs = qs.filter(room__building_id=building_id)
    if state == "complete":
        qs = qs.filter(satisfied_count__gte=F("required_count"))
    elif state == "incomplete":
        qs = qs.filter(satisfied_count__lt=F("required_count"))
    if number:
        qs = qs.filter(number__icontains=number)
    return qs.order_by("project_id", "number")


def missing_items(
    user: User, *, project_id: int | None = None, building_id: int | None = None
) -> QuerySet[ChecklistItem]:
    """Required papers still missing from active files: the list to chase, by building and room."""
    qs = ChecklistItem.objects.filter(
        satisfied=False,
        archive__in=archives_visible_to(user).filter(status=ArchiveStatus.ACTIVE),
    )
    if project_id:
        qs = qs.filter(archive__project_id=project_id)
    if building_id:
        qs = qs.filter(archive__room__building_id=building_id)
    return qs.select_related("archive__room__building", "archive__project", "doc_type__category").order_by(
        "archive__project_id", "archive__room__building__code", "archive__number", "doc_type__sort"
    )


@dataclass
class BuildingCompleteness:
    building_id: int
    code: str
    name: str
    files: int
    complete_files: int
    required: int
    satisfied: int

    @property
    def percent(self) -> int:
        return percent(self.satisfied, self.required)

    @property
    def missing(self) -> int:
        return self.required - self.satisfied


def percent(part: int, whole: int) -> int:
    """Whole percent, rounded down so that 99.6 % never shows as a complete 100 %."""
    return 100 if whole == 0 else (100 * part) // whole


def completeness_by_building(project: Project) -> list[BuildingCompleteness]:
    """Required vs satisfied items per building of a project's active files: one GROUP BY."""
    rows = (
        Archive.objects.filter(project=project, status=ArchiveStatus.ACTIVE)
        .values("room__building_id", "room__building__code", "room__building__name")
        .annotate(
            files=Count("id"),
            complete_files=Count("id", filter=Q(satisfied_count__gte=F("required_count"))),
            required=Sum("required_count"),
            satisfied=Sum("satisfied_count"),
        )
        .order_by("room__building__code")
    )
    return [_building_row(row) for row in rows]


def _building_row(row: Mapping[str, Any]) -> BuildingCompleteness:
    return BuildingCompleteness(
        building_id=row["room__building_id"],
        code=row["room__building__code"],
        name=row["room__building__name"],
        files=row["files"],
        complete_files=row["complete_files"],
        required=row["required"] or 0,
        satisfied=row["satisfied"] or 0,
    )


def project_visible(user: User, code: str) -> Project:
    """A project of the user's, for a user who may read files; otherwise 404."""
    if not user.has_perm("archive.view_archive_file"):
        raise Http404("没有找到该项目")
    project = Project.objects.filter(code=code, id__in=project_ids_of(user)).first()
    if project is None:
        raise Http404("没有找到该项目")
    return project


def projects_visible(user: User) -> QuerySet[Project]:
    if not user.has_perm("archive.view_archive_file"):
        return Project.objects.none()
    return Project.objects.filter(id__in=project_ids_of(user)).order_by("code")
