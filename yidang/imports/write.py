"""Writing a plan in bulk: one statement per table and kind of change, inside the caller's transaction.

A commit writes its sheet slice by slice (``plan_write`` per slice, ``import_summary_write`` once
at the end), each slice after the slices before it, in the one transaction of the import.

New rooms, people and companies get ids reserved up front and go in by COPY
(``instances.insert_instances``); rows nobody refers to (occupancies, vehicles, search tokens)
go straight through ``core.bulk.bulk_insert``; the few new buildings and units use bulk_create.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from yidang.archive.actions import archive_flags_set
from yidang.archive.bulk import archives_open_bulk
from yidang.archive.models import Archive
from yidang.audit.actions import AuditBatch, Change, audit_batch, audit_batch_write
from yidang.core.bulk import bulk_insert
from yidang.households.models import EmergencyContact, Occupancy, Vehicle
from yidang.households.search import TokenRow, search_reindex, token_rows, token_rows_write_while
from yidang.households.tokens import HouseholdText
from yidang.imports.instances import insert_instances
from yidang.imports.plan import Plan, timeline_summary
from yidang.imports.state import ProjectState
from yidang.people import crypto
from yidang.people.actions import id_fields
from yidang.people.idnumbers import IdType
from yidang.people.models import Organization, Person
from yidang.places.models import Building, Project, Room, Unit
from yidang.timeline.models import EventKind, TimelineEvent

BATCH = 2000
CHUNK = 900  # ids per IN (...) list, below SQLite's bound-parameter limit
M = TypeVar("M", bound=Model)


def checks_immediate() -> None:
    """Check foreign keys at the end of each statement rather than all at COMMIT: the same checks,
    but the deferred queue of a million trigger events made the commit ~2x slower (measured)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def plan_write(plan: Plan, state: ProjectState, *, actor: Any, file_name: str) -> None:
    """Write everything ``plan`` (one slice of a sheet) says. Must run inside the import's transaction."""
    now = timezone.now()
    _places(plan)  # new people's ID numbers are encrypted while the rooms go in
    _people(plan, now)
    _room_updates(plan, now)
    _occupancies(plan, now)
    _contacts_and_vehicles(plan)
    _stale_tokens(plan, state)
    # The rows below come from memory alone; each batch is made while the server inserts and
    # checks the one before it (``core.beside``): a side thread does the waiting.
    made = _Made()
    _archives(plan, state, actor=actor, meanwhile=lambda: made.new_tokens.extend(_new_room_tokens(plan, state)))

    def timeline_and_audit() -> None:
        made.timeline = _timeline_rows(plan, actor=actor, file_name=file_name, now=now)
        made.audit = _audit_batch(plan, state.project, actor=actor)

    token_rows_write_while(made.new_tokens, timeline_and_audit)
    bulk_insert(TimelineEvent, TIMELINE_COLUMNS, made.timeline)
    if made.audit is not None:
        audit_batch_write(made.audit)


@dataclass
class _Made:
    new_tokens: list[TokenRow] = field(default_factory=list)
    timeline: list[tuple[Any, ...]] = field(default_factory=list)
    audit: AuditBatch | None = None


def _places(plan: Plan) -> None:
    Building.objects.bulk_create(plan.new_buildings, batch_size=BATCH)
    Unit.objects.bulk_create(plan.new_units, batch_size=BATCH)
    insert_instances(Room, plan.new_rooms, meanwhile=lambda: _encrypt_ids(plan))


def _people(plan: Plan, now: Any) -> None:
    insert_instances(Person, plan.new_persons)
    insert_instances(Organization, plan.new_orgs)
    changed = list(plan.changed_persons.values())
    for person in changed:
        if id(person) in plan.clear_ids:
            id_type, number = plan.clear_ids[id(person)]
            fields = id_fields(IdType(id_type), number)
            fields.pop("birthday_from_id", None)
            for key, value in fields.items():
                setattr(person, key, value)
        person.updated_at = now
    if changed:
        Person.objects.bulk_update(changed, [*sorted(plan.person_fields), "updated_at"], batch_size=BATCH)
    orgs = list(plan.changed_orgs.values())
    for org in orgs:
        org.updated_at = now
    if orgs:
        Organization.objects.bulk_update(orgs, ["contact_phone", "uscc", "updated_at"], batch_size=BATCH)


def _encrypt_ids(plan: Plan) -> None:
    """New people's ID numbers, encrypted as ``people.actions.id_fields`` does.

    The row parser already validated every number (``validate_id``) and the planner set its
    hash, mask and the birthday it implies, so only the encryption is left to do here.
    """
    for person in plan.new_persons:
        clear = plan.clear_ids.get(id(person))
        if clear is not None:
            person.id_number_enc = crypto.encrypt(clear[1])


def _room_updates(plan: Plan, now: Any) -> None:
    rooms = list(plan.changed_rooms.values())
    for room in rooms:
        room.updated_at = now
    if rooms:
        Room.objects.bulk_update(rooms, [*sorted(plan.room_fields), "updated_at"], batch_size=BATCH)


def _occupancies(plan: Plan, now: Any) -> None:
    by_end: dict[date, list[int]] = defaultdict(list)
    for occupancy_id, end_date in plan.ended:
        by_end[end_date].append(occupancy_id)
    for end_date, ids in by_end.items():
        for chunk in _chunks(ids):
            Occupancy.objects.filter(id__in=chunk, end_date__isnull=True).update(end_date=end_date)
    created = _db_datetime(now)
    rows = (
        (
            new.room.pk,
            new.occupant.pk if isinstance(new.occupant, Person) else None,
            new.occupant.pk if isinstance(new.occupant, Organization) else None,
            new.role,
            _db_date(new.start_date),
            None,
            "",
            created,
        )
        for new in plan.new_occupancies
    )
    columns = ["room_id", "person_id", "organization_id", "role", "start_date", "end_date", "note", "created_at"]
    bulk_insert(Occupancy, columns, rows)


def _contacts_and_vehicles(plan: Plan) -> None:
    insert_instances(EmergencyContact, plan.new_contacts)
    if plan.changed_contacts:
        EmergencyContact.objects.bulk_update(plan.changed_contacts, ["phone"], batch_size=BATCH)
    vehicles = (
        (room.pk, plate, Vehicle.Kind.MOTOR, owner.pk if owner else None, "")
        for room, plate, owner in plan.new_vehicles
    )
    bulk_insert(Vehicle, ["room_id", "plate", "kind", "owner_id", "note"], vehicles)


def _stale_tokens(plan: Plan, state: ProjectState) -> None:
    """Changed rooms, and rooms of changed people, have their tokens re-read (new rooms': ``_new_room_tokens``)."""
    new_ids = {room.pk for room in plan.new_rooms}
    stale = {state.rooms[code].pk for code in plan.touched} | _rooms_of_changed_occupants(plan)
    for chunk in _chunks(sorted(stale - new_ids)):
        search_reindex(chunk)


def _new_room_tokens(plan: Plan, state: ProjectState) -> Iterator[TokenRow]:
    """New rooms' tokens, from memory (their file's number is added when it is opened)."""
    return token_rows((room.pk, state.project.pk, _text(room, state)) for room in plan.new_rooms)


def _archives(plan: Plan, state: ProjectState, *, actor: Any, meanwhile: Callable[[], object]) -> None:
    """Every occupied room has its file (一户一档), as ``households.actions`` ensures one by one."""
    occupied = [state.rooms[code].pk for code in plan.touched]
    archives_open_bulk(room_ids=occupied, actor=actor, summary="导入业户基本情况汇总表，建立档案", meanwhile=meanwhile)
    transferred = [state.rooms[code].pk for code in sorted(plan.transfers)]
    for archive in Archive.objects.filter(room_id__in=transferred, has_transfer=False):
        archive_flags_set(archive=archive, has_transfer=True, actor=actor)


TIMELINE_COLUMNS = ["room_id", "at", "kind", "summary", "actor_id", "object_type", "object_id", "data"]


def _timeline_rows(plan: Plan, *, actor: Any, file_name: str, now: Any) -> list[tuple[Any, ...]]:
    """One "批量导入" event on the timeline of every household a row changed."""
    at = _db_datetime(now)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    return [
        (c.room.pk, at, EventKind.IMPORT.value, timeline_summary(c)[:300], actor_id, "places.room", str(c.room.pk),
         json.dumps({"row": c.row, "file": file_name}, ensure_ascii=False))
        for c in plan.changes
    ]  # fmt: skip


def _rooms_of_changed_occupants(plan: Plan) -> set[int]:
    found: set[int] = set()
    current = Occupancy.objects.filter(end_date__isnull=True)
    for chunk in _chunks(list(plan.changed_persons)):
        found.update(current.filter(person_id__in=chunk).values_list("room_id", flat=True))
    for chunk in _chunks(list(plan.changed_orgs)):
        found.update(current.filter(organization_id__in=chunk).values_list("room_id", flat=True))
    return found


def _text(room: Room, state: ProjectState) -> HouseholdText:
    """What ``households.search.household_texts`` would read for this room, taken from memory."""
    text = HouseholdText(room_code=room.code, building_code=room.building.code, room_number=room.number)
    for current in state.current.get(room.code, ()):
        occupant = current.occupant
        if isinstance(occupant, Person):
            text.names.append(occupant.name)
            text.phones += [p for p in (occupant.phone, occupant.phone2) if p]
            text.id_hashes.append(occupant.id_hash)
        else:
            text.names += [occupant.name, occupant.contact_name]
            text.phones.append(occupant.contact_phone)
    text.plates = sorted(state.plates.get(room.code, ()))
    return text


def _audit_batch(plan: Plan, project: Project, *, actor: Any) -> AuditBatch | None:
    """One audit row per household row that changed something (the import's own: ``import_summary_write``)."""
    if not plan.changes:
        return None
    changes = [
        Change(
            "household.import",
            change.room,
            before=change.before or None,
            after={"row": change.row, **change.after},
            project_id=project.pk,
        )
        for change in plan.changes
    ]
    return audit_batch(actor=actor, changes=changes)


def import_summary_write(project: Project, counts: dict[str, int], *, actor: Any, file_name: str) -> None:
    """The audit row of the import itself, after its households' rows: the file and what it did."""
    if counts.get("changed_rows"):
        summary = Change("households.import", project, after={"file": file_name, **counts}, project_id=project.pk)
        audit_batch_write(audit_batch(actor=actor, changes=[summary]))


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _db_datetime(value: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(value) if connection.vendor == "sqlite" else value


def _db_date(value: date | None) -> Any:
    return value.isoformat() if value is not None and connection.vendor == "sqlite" else value
