"""Changes to the physical storage: places (rooms, cabinets, shelves, boxes) and folder moves.

Each action is one transaction with its audit row; a folder move also lands on the household timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.archive.actions import archive_lock
from yidang.archive.models import Archive, Category
from yidang.audit.actions import Change, audit_record, diff
from yidang.core.errors import DomainError
from yidang.places.models import Project
from yidang.shelving.codes import CODE_MAX, FOLDER_KINDS, PARENT_KIND, code_is_valid, code_normalise
from yidang.shelving.models import FolderMove, Location, LocationKind
from yidang.shelving.queries import code_suggestion
from yidang.timeline.actions import timeline_add
from yidang.timeline.models import EventKind


@dataclass
class LocationData:
    """What the archivist says about a place. ``code`` empty = the suggested one. Box fields only for boxes."""

    kind: str
    parent: Location | None = None
    code: str = ""
    name: str = ""
    category: Category | None = None
    year: int | None = None
    first_number: str = ""
    last_number: str = ""


def location_data_of(location: Location) -> LocationData:
    """A place's current data, to change a few fields of it (``dataclasses.replace``)."""
    return LocationData(**{f.name: getattr(location, f.name) for f in fields(LocationData)})


def _check_parent(project: Project, data: LocationData) -> None:
    wanted = PARENT_KIND.get(data.kind, "?")
    if wanted == "?":
        raise DomainError(_("位置类型无效"), field="kind")
    if wanted is None and data.parent is not None:
        raise DomainError(_("档案室是最上级位置，不能放在其他位置之下"), field="parent")
    if wanted is not None and (data.parent is None or data.parent.kind != wanted):
        raise DomainError(
            _("%(kind)s须放在%(parent)s之下")
            % {"kind": LocationKind(data.kind).label, "parent": LocationKind(wanted).label},
            field="parent",
        )
    if data.parent is not None and data.parent.project_id != project.pk:
        raise DomainError(_("上级位置属于其他项目"), field="parent")


def _check_box_fields(data: LocationData) -> None:
    has_box_fields = data.category or data.year or data.first_number.strip() or data.last_number.strip()
    if data.kind != LocationKind.BOX and has_box_fields:
        raise DomainError(_("只有档案盒可填写类别、年度和起止档案号"), field="category")
    if data.year is not None and not 1900 <= data.year <= 2200:
        raise DomainError(_("年度须为四位年份，如 2026"), field="year")


def _clean_code(project: Project, data: LocationData, current: Location | None = None) -> str:
    code = code_normalise(data.code) or code_suggestion(project, data.kind, data.parent)
    if not code_is_valid(code):
        raise DomainError(_("编码只能由大写字母、数字、“-”“_”“.”组成，最长 %(n)s 位") % {"n": CODE_MAX}, field="code")
    clash = Location.objects.filter(project=project, code=code)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        raise DomainError(_("编码 %(code)s 已被本项目的其他位置使用") % {"code": code}, field="code")
    return code


def _path(parent: Location | None, code: str) -> str:
    return f"{parent.path}/{code}" if parent is not None else code


def location_view(location: Location) -> dict[str, Any]:
    return {
        "kind": location.kind,
        "code": location.code,
        "name": location.name,
        "parent": location.parent.code if location.parent_id and location.parent else None,
        "category": location.category.code if location.category_id and location.category else None,
        "year": location.year,
        "first_number": location.first_number,
        "last_number": location.last_number,
    }


def _save(location: Location) -> None:
    try:
        with transaction.atomic():
            location.save()
    except IntegrityError:  # another archivist took the code a moment ago
        raise DomainError(_("编码 %(code)s 已被本项目的其他位置使用") % {"code": location.code}, field="code") from None


@transaction.atomic
def location_create(*, project: Project, data: LocationData, actor: Any) -> Location:
    """Add a storage room, a cabinet in a room, a shelf in a cabinet or a box on a shelf."""
    _check_parent(project, data)
    _check_box_fields(data)
    code = _clean_code(project, data)
    location = Location(project=project, code=code, path=_path(data.parent, code), **_plain_fields(data))
    _save(location)
    audit_record(
        actor=actor,
        change=Change("location.create", location, after=location_view(location), project_id=project.pk),
    )
    return location


def _plain_fields(data: LocationData) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "parent": data.parent,
        "name": data.name.strip(),
        "category": data.category,
        "year": data.year,
        "first_number": data.first_number.strip(),
        "last_number": data.last_number.strip(),
    }


@transaction.atomic
def location_update(*, location: Location, data: LocationData, actor: Any) -> Location:
    """Rename, recode or re-hang a place (a box moved to another shelf). The kind never changes."""
    location = (
        Location.objects.select_for_update(of=("self",))
        .select_related("project", "parent", "category")
        .get(pk=location.pk)
    )
    if data.kind != location.kind:
        raise DomainError(_("位置类型不能修改；请新建位置后移入档案袋"), field="kind")
    project = location.project
    _check_parent(project, data)
    _check_box_fields(data)
    before, old_path = location_view(location), location.path
    location.code = _clean_code(project, data, current=location)
    for key, value in _plain_fields(data).items():
        setattr(location, key, value)
    location.path = _path(data.parent, location.code)
    old, new = diff(before, location_view(location))
    if not new:
        return location
    _save(location)
    if location.path != old_path:
        _repath_below(location, old_path)
    audit_record(actor=actor, change=Change("location.update", location, before=old, after=new, project_id=project.pk))
    return location


def _repath_below(location: Location, old_path: str) -> None:
    below = list(Location.objects.filter(project_id=location.project_id, path__startswith=f"{old_path}/"))
    for place in below:
        place.path = location.path + place.path[len(old_path) :]
    Location.objects.bulk_update(below, ["path"], batch_size=500)


@transaction.atomic
def folder_move(*, archive: Archive, to_location: Location, actor: Any, reason: str = "") -> FolderMove:
    """Put a household's paper folder in another place: its location, history, audit row and timeline."""
    archive = archive_lock(archive)
    if to_location.project_id != archive.project_id:
        raise DomainError(_("不能把档案袋移到其他项目的存放位置"), field="to_location")
    if to_location.kind not in FOLDER_KINDS:
        raise DomainError(_("档案袋须放入档案柜、层架/抽屉或档案盒，不能直接放在档案室"), field="to_location")
    if archive.location_id == to_location.pk:
        raise DomainError(_("档案袋已在 %(code)s") % {"code": to_location.code}, field="to_location")
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("移位须由登录的经办人操作"))
    source = archive.location
    archive.location = to_location
    archive.save(update_fields=["location"])
    move = FolderMove.objects.create(
        archive=archive,
        from_location=source,
        to_location=to_location,
        moved_by=actor,
        moved_at=timezone.now(),
        reason=reason.strip()[:200],
    )
    _record_move(archive, move, actor)
    return move


def _record_move(archive: Archive, move: FolderMove, actor: Any) -> None:
    source, target = move.from_location, move.to_location
    assert target is not None
    codes = {"from": source.code if source else None, "to": target.code, "reason": move.reason}
    audit_record(
        actor=actor,
        change=Change(
            "folder.move",
            archive,
            before={"location": codes["from"]},
            after={"location": target.code, "reason": move.reason},
            project_id=archive.project_id,
        ),
    )
    summary = _("档案袋移至 %(place)s") % {"place": f"{target.code} {target.name}".strip()}
    if move.reason:
        summary += _("（%(reason)s）") % {"reason": move.reason}
    timeline_add(
        room_id=archive.room_id, kind=EventKind.FOLDER_MOVE, summary=summary, actor=actor, obj=move, data=codes
    )
