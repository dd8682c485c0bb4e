"""Reads of the physical storage: who sees which place and folder, paths, owners, the code jump."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.archive.models import Archive, Document
from yidang.archive.queries import archives_visible_to
from yidang.places.models import Project
from yidang.shelving.codes import CHILD_KIND, FOLDER_KINDS, code_normalise, code_suggest
from yidang.shelving.models import FolderMove, Location, LocationKind

# ---- visibility ---------------------------------------------------------------------------------


def locations_visible_to(user: User) -> QuerySet[Location]:
    """Places of the user's projects, for those whose duty includes the storage (an SQL filter)."""
    if not user.has_perm("shelving.view_location"):
        return Location.objects.none()
    return Location.objects.filter(project_id__in=project_ids_of(user))


def location_get(user: User, pk: int) -> Location:
    """One place the user may see; any other id answers 404."""
    location = locations_visible_to(user).select_related("project", "category", *ANCESTORS).filter(pk=pk).first()
    if location is None:
        raise Http404("没有找到该存放位置")
    return location


# ---- addresses ----------------------------------------------------------------------------------


def archive_page_path(archive_id: int) -> str:
    """The archive page (``/archive/<id>/``, owned by the archive app)."""
    return reverse("archive:detail", args=[archive_id])


def absolute_url(path: str) -> str:
    """The address printed into QR codes: ``YIDANG_BASE_URL`` + path."""
    return settings.YIDANG_BASE_URL.rstrip("/") + path


def location_page_path(location_id: int) -> str:
    return reverse("shelving:location", args=[location_id])


# ---- paths and names ----------------------------------------------------------------------------

ANCESTORS = ("parent", "parent__parent", "parent__parent__parent")


def location_chain(location: Location) -> list[Location]:
    """The places from the storage room down to ``location`` (use ``select_related(*ANCESTORS)``)."""
    chain: list[Location] = []
    current: Location | None = location
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain[::-1]


def location_label(location: Location) -> str:
    """The full path in words: ``1号档案室 › 档案柜 C02 › 层架/抽屉 S03 › 档案盒 B005``."""
    return " › ".join(loc.display_name for loc in location_chain(location))


def location_labels(project_ids: Iterable[int]) -> dict[int, str]:
    """Every place's full path in words, for lists of many folders (one query)."""
    places = {loc.id: loc for loc in Location.objects.filter(project_id__in=list(project_ids))}
    labels: dict[int, str] = {}
    for loc in sorted(places.values(), key=lambda p: p.path):
        parent = labels.get(loc.parent_id) if loc.parent_id else None
        labels[loc.id] = f"{parent} › {loc.display_name}" if parent else loc.display_name
    return labels


# ---- boxes and the tree -------------------------------------------------------------------------

FOLDER_ORDER = ("room__building__code", "room__floor", "room__number", "number")


def box_range(box: Location) -> tuple[str, str, bool]:
    """A box's first and last archive numbers: as typed, else from the folders in it (``computed``)."""
    if box.first_number or box.last_number:
        return box.first_number, box.last_number, False
    numbers = list(Archive.objects.filter(location=box).order_by(*FOLDER_ORDER).values_list("number", flat=True))
    return (numbers[0], numbers[-1], True) if numbers else ("", "", True)


@dataclass
class TreeRow:
    """One place of the storage tree with its folders: ``here`` directly, ``total`` with everything below."""

    location: Location
    depth: int
    here: int = 0
    total: int = 0


def storage_tree(project_id: int, root: Location | None = None) -> list[TreeRow]:
    """The places of a project (or below ``root``) in tree order, with folder counts (two queries)."""
    places = Location.objects.filter(project_id=project_id).select_related("category")
    if root is not None:
        places = places.filter(path__startswith=root.path + "/")
    rows = [TreeRow(loc, loc.path.count("/")) for loc in places.order_by("path")]
    counts = dict(
        Archive.objects.filter(location__in=[r.location.id for r in rows])
        .values_list("location_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_id = {row.location.id: row for row in rows}
    for row in reversed(rows):  # children come after their parents in path order
        row.here = counts.get(row.location.id, 0)
        row.total += row.here
        parent = by_id.get(row.location.parent_id or 0)
        if parent is not None:
            parent.total += row.total
    return rows


def folders_in(location: Location) -> QuerySet[Archive]:
    return Archive.objects.filter(location=location).select_related("room").order_by(*FOLDER_ORDER)


def unshelved_count(project_id: int) -> int:
    return Archive.objects.filter(project_id=project_id, location__isnull=True).count()


def code_suggestion(project: Project, kind: str, parent: Location | None) -> str:
    """The code a new place would get: ``HY-R01``, ``HY-R01-C02``, … ``HY-R01-C02-S03-B005``."""
    base = parent.code if parent is not None else project.code
    siblings = Location.objects.filter(project=project, parent=parent, kind=kind).values_list("code", flat=True)
    taken = Location.objects.filter(project=project, code__startswith=f"{base}-").values_list("code", flat=True)
    return code_suggest(base, kind, list(siblings), list(taken))


def child_kind(location: Location | None) -> str | None:
    return LocationKind.ROOM if location is None else CHILD_KIND[location.kind]


def folder_targets(project_id: int, limit: int = 300) -> QuerySet[Location]:
    """Places a folder may be moved to, for the move form's suggestion list."""
    return Location.objects.filter(project_id=project_id, kind__in=FOLDER_KINDS).order_by("path")[:limit]


def moves_of(archive: Archive) -> QuerySet[FolderMove]:
    """A folder's location history, newest first."""
    return (
        FolderMove.objects.filter(archive=archive)
        .select_related("moved_by", "from_location", "to_location")
        .order_by("-moved_at", "-id")
    )


def moves_visible_to(user: User) -> QuerySet[FolderMove]:
    """Every move of the folders the user may see, newest first."""
    return (
        FolderMove.objects.filter(archive__in=archives_visible_to(user))
        .select_related("archive", "moved_by", "from_location", "to_location")
        .order_by("-moved_at", "-id")
    )


# ---- the shelf ledger ---------------------------------------------------------------------------


def shelf_ledger(project_id: int) -> QuerySet[Archive]:
    """Every folder of a project with its place, in shelf order (unshelved folders last)."""
    return (
        Archive.objects.filter(project_id=project_id)
        .select_related("room", "location")
        .order_by(F("location__path").asc(nulls_last=True), *FOLDER_ORDER)
    )


def building_catalogue(building_id: int) -> QuerySet[Archive]:
    """The files of one building in room order, with their documents (for the 档案目录)."""
    docs = Document.objects.order_by("item_no")
    return (
        Archive.objects.filter(room__building_id=building_id)
        .select_related("room", "location")
        .prefetch_related(Prefetch("documents", queryset=docs))
        .order_by(*FOLDER_ORDER)
    )


def catalogue_rows(building_id: int) -> int:
    """How long a building's catalogue is: its files plus their documents."""
    files = Archive.objects.filter(room__building_id=building_id).count()
    return files + Document.objects.filter(archive__room__building_id=building_id).count()


# ---- the code jump ------------------------------------------------------------------------------

_ARCHIVE_URL = re.compile(r"/archive/(\d+)/?(?:[?#].*)?$")
_LOCATION_URL = re.compile(r"/shelving/locations/(\d+)/?(?:[?#].*)?$")


def location_from_text(user: User, text: str) -> Location | None:
    """The place a typed code or a scanned label (its QR holds the place's address) names."""
    text = text.strip()
    match = _LOCATION_URL.search(text)
    visible = locations_visible_to(user).select_related(*ANCESTORS)
    if match:
        return visible.filter(pk=int(match.group(1))).first()
    code = code_normalise(text)
    return visible.filter(code=code).order_by("project__code").first() if code else None


def _folder_from_text(user: User, text: str) -> Archive | None:
    match = _ARCHIVE_URL.search(text)
    visible = archives_visible_to(user)
    if match:
        return visible.filter(pk=int(match.group(1))).first()
    return visible.filter(number__in={text, text.upper()}).order_by("id").first()


def resolve_code(user: User, text: str) -> str | None:
    """Where a typed or scanned code leads: an archive number (or a folder label's QR) to the archive
    page, a location code (or a location label's QR) to the location page. Only within the user's
    projects; anything else is ``None`` (the caller searches households instead)."""
    text = text.strip()
    if not text or len(text) > 200 or not user.is_authenticated:
        return None
    archive = _folder_from_text(user, text)
    if archive is not None:
        return archive_page_path(archive.pk)
    location = location_from_text(user, text)
    return location_page_path(location.pk) if location is not None else None
