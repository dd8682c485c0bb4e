"""Export of the household summary: the same sheet as the import, for the user's projects only.

Rows are read in chunks from a queryset filtered in SQL (``households_visible_to``) and written
with openpyxl's write-only mode into a temporary file, so memory stays flat for any size; ID
numbers are masked. The export itself is audited (who, which project, how many rows).
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of
from yidang.audit.actions import Change, audit_record
from yidang.core.errors import DomainError
from yidang.households.models import EmergencyContact, Occupancy, OccupantRole, Vehicle
from yidang.households.queries import households_visible_to
from yidang.imports.columns import ID_TYPE_LABEL, ROLE_LABEL, SEX_LABEL, SHEET_COLUMNS, USE_LABEL
from yidang.places.models import Project, Room
from yidang.usage.actions import usage_record_per_project
from yidang.usage.models import UsageKind

CHUNK = 2000
ROLE_ORDER = [
    OccupantRole.OWNER,
    OccupantRole.COMMERCIAL,
    OccupantRole.CO_OWNER,
    OccupantRole.TENANT,
    OccupantRole.FAMILY,
]
_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}


@dataclass
class ExportFile:
    file: IO[bytes]
    file_name: str
    count: int


def export_queryset(user: User, project: Project | None = None) -> QuerySet[Room]:
    rooms = households_visible_to(user)
    if project is not None:
        rooms = rooms.filter(project=project)
    return rooms.order_by("project__code", "building__code", "floor", "number", "id")


def households_export(*, user: User, project: Project | None = None) -> ExportFile:
    """Write the sheet of every household the user may see (optionally one project) and audit it."""
    if not user.has_perm("households.export_households"):
        raise DomainError(_("您没有导出业户资料的权限"), code="forbidden")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("业户基本情况汇总表")
    sheet.append([c.header for c in SHEET_COLUMNS])
    count = 0
    per_project: Counter[str] = Counter()
    for row in export_rows(export_queryset(user, project)):
        sheet.append(row)
        count += 1
        per_project[row[0]] += 1
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    book.save(handle)
    handle.seek(0)
    scope = {project.code: project.pk} if project else dict(projects_of(user).values_list("code", "id"))
    codes = list(scope)
    with transaction.atomic():
        _record_use(user, scope, per_project)
        audit_record(
            actor=user,
            change=Change(
                "households.export",
                project or user,
                after={"count": count, "projects": codes},
                project_id=project.pk if project else None,
            ),
        )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(handle, f"业户基本情况汇总表-{project.code if project else '全部'}-{stamp}.xlsx", count)


def _record_use(user: User, scope: dict[str, int], per_project: Counter[str]) -> None:
    """The usage ledger: one row per project exported, saying how many households it held."""
    whole = _("（全部项目导出：%(codes)s）") % {"codes": "、".join(scope)} if len(scope) > 1 else ""
    what = {
        pk: _("业户基本情况汇总表 %(code)s，共 %(n)s 户%(whole)s")
        % {"code": code, "n": per_project[code], "whole": whole}
        for code, pk in scope.items()
    }
    usage_record_per_project(user=user, kind=UsageKind.EXPORT, what_by_project=what)


def export_rows(rooms: QuerySet[Room]) -> Iterator[list[Any]]:
    """One sheet row per room, its main occupant (owner first) beside it."""
    fields = ["id", "project__code", "building__code", "unit__code", "floor", "number", "area", "use"]
    fields += ["move_in_date", "note"]
    chunk: list[dict[str, Any]] = []
    for room in rooms.values(*fields).iterator(chunk_size=CHUNK):
        chunk.append(room)
        if len(chunk) >= CHUNK:
            yield from _chunk_rows(chunk)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk)


def _chunk_rows(rooms: Sequence[dict[str, Any]]) -> Iterator[list[Any]]:
    ids = [room["id"] for room in rooms]
    occupants = _main_occupants(ids)
    contacts: dict[int, tuple[str, str]] = {}
    for room_id, name, phone in (
        EmergencyContact.objects.filter(room_id__in=ids).order_by("id").values_list("room_id", "name", "phone")
    ):
        contacts.setdefault(room_id, (name, phone))
    plates: dict[int, list[str]] = defaultdict(list)
    for room_id, plate in Vehicle.objects.filter(room_id__in=ids).order_by("id").values_list("room_id", "plate"):
        plates[room_id].append(plate)
    for room in rooms:
        occupant = occupants.get(room["id"])
        contact = contacts.get(room["id"], ("", ""))
        yield [
            room["project__code"],
            room["building__code"],
            room["unit__code"] or "",
            room["floor"],
            room["number"],
            float(room["area"]) if room["area"] is not None else None,
            USE_LABEL.get(room["use"], ""),
            *(_occupant_cells(occupant) if occupant else [""] * 8),
            room["move_in_date"],
            contact[0],
            contact[1],
            "、".join(plates.get(room["id"], [])),
            room["note"],
        ]


def _main_occupants(room_ids: Sequence[int]) -> dict[int, Occupancy]:
    current = (
        Occupancy.objects.filter(room_id__in=room_ids, end_date__isnull=True)
        .select_related("person", "organization")
        .order_by("id")
    )
    best: dict[int, Occupancy] = {}
    for occ in current:
        held = best.get(occ.room_id)
        if held is None or _RANK.get(occ.role, 9) < _RANK.get(held.role, 9):  # type: ignore[call-overload]
            best[occ.room_id] = occ
    return best


def _occupant_cells(occ: Occupancy) -> list[Any]:
    """业户类型, 姓名, 性别, 证件类型, 证件号码 (masked), 联系电话, 籍贯, 户口所在地."""
    role = ROLE_LABEL.get(occ.role, "")  # type: ignore[call-overload]
    if occ.organization is not None:
        org = occ.organization
        return [role, org.name, "", "统一社会信用代码" if org.uscc else "", org.uscc, org.contact_phone, "", ""]
    person = occ.person
    assert person is not None
    phones = "、".join(p for p in (person.phone, person.phone2) if p)
    id_type = ID_TYPE_LABEL.get(person.id_type, "") if person.id_masked else ""  # type: ignore[call-overload]
    sex = SEX_LABEL.get(person.sex, "")  # type: ignore[call-overload]
    return [role, person.name, sex, id_type, person.id_masked, phones, person.native_place, person.hukou_place]
