"""Writing planned demo households to the database in bulk.

Rows whose ids are needed later (rooms, people, companies) go in through ``insert_returning_ids``:
``bulk_create`` on SQLite; on PostgreSQL the ids are drawn from the table's own sequence first
and the rows then go in by COPY with those ids, which measured five times faster than
``bulk_create``'s multi-row INSERT (35 µs against 165–240 µs per person on the 2-core machine)
and is as safe: sequence values are never handed out twice. Everything else (occupancies,
contacts, vehicles, parking, VIP profiles, search tokens) goes in with ``core.bulk.bulk_insert``.
The households' files are written next by ``files_loader.files_write``. Each call writes one
batch and must run inside the caller's transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from yidang.core.bulk import bulk_insert, reserve_ids
from yidang.demo.households import HouseholdPlan, OccupantPlan
from yidang.demo.layout import BuildingPlan
from yidang.households.models import EmergencyContact, Occupancy, ParkingSpace, Vehicle, VipProfile
from yidang.households.search import write_tokens
from yidang.households.tokens import HouseholdText
from yidang.people.actions import id_fields
from yidang.people.idnumbers import IdType
from yidang.people.models import Organization, Person
from yidang.places.models import Building, Project, Room, Unit, room_code

BULK_BATCH = 2000


def places_create(project: Project, buildings: list[BuildingPlan]) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Buildings and units of a project; returns ids by building code and by (building, unit) code."""
    rows = [
        Building(project=project, code=b.code, floors_above=b.floors, floors_below=b.floors_below) for b in buildings
    ]
    Building.objects.bulk_create(rows, batch_size=BULK_BATCH)
    building_ids = {b.code: b.pk for b in rows}
    units = [Unit(building_id=building_ids[b.code], code=str(u + 1)) for b in buildings for u in range(b.units)]
    Unit.objects.bulk_create(units, batch_size=BULK_BATCH)
    code_of = {pk: code for code, pk in building_ids.items()}
    return building_ids, {(code_of[u.building_id], u.code): u.pk for u in units}


def households_write(
    project: Project,
    building_ids: dict[str, int],
    unit_ids: dict[tuple[str, str], int],
    households: list[HouseholdPlan],
) -> Counter[str]:
    """Write one batch of households with everything they hold; returns row counts by kind."""
    counts: Counter[str] = Counter(rooms=_rooms_create(project, building_ids, unit_ids, households))
    occupants = [o for h in households for o in h.occupants]
    counts["people"] = _people_create(occupants)
    counts["organizations"] = _organizations_create(occupants)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    counts["occupancies"] = bulk_insert(
        Occupancy,
        ["room_id", "person_id", "organization_id", "role", "start_date", "end_date", "note", "created_at"],
        _occupancy_rows(households, now),
    )
    counts["contacts"] = bulk_insert(
        EmergencyContact,
        ["room_id", "name", "phone", "relation"],
        ((h.pk, *contact) for h in households for contact in h.contacts),
    )
    counts["vehicles"] = bulk_insert(
        Vehicle,
        ["room_id", "plate", "kind", "owner_id", "note"],
        ((h.pk, v.plate, v.kind, v.owner.pk if v.owner else None, "") for h in households for v in h.vehicles),
    )
    counts["parking_spaces"] = bulk_insert(
        ParkingSpace,
        ["project_id", "code", "room_id", "tenure", "permit_no", "valid_until"],
        ((project.pk, p.code, h.pk, p.tenure, p.permit_no, p.valid_until) for h in households for p in h.parking),
    )
    counts["vip_profiles"] = bulk_insert(
        VipProfile,
        ["room_id", "birthday", "character", "preferences", "skills", "special_requests"],
        (
            (h.pk, v["birthday"], v["character"], v["preferences"], v["skills"], v["special_requests"])
            for h in households
            if (v := h.vip)
        ),
    )
    counts["search_tokens"] = write_tokens((h.pk, project.pk, household_text(h)) for h in households)
    return counts


def insert_returning_ids(model: type[Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (field attname → value; missing fields take their model default); their new ids."""
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BULK_BATCH)
        return [obj.pk for obj in objects]
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
                for f in fields}  # fmt: skip
    columns = [f.attname for f in fields]
    pk = model._meta.pk
    assert pk is not None
    ids = reserve_ids(model, len(rows))
    values = ([new_id, *(row.get(c, defaults[c]) for c in columns)] for new_id, row in zip(ids, rows, strict=True))
    bulk_insert(model, [str(pk.column), *columns], values)
    return ids


def _rooms_create(
    project: Project,
    building_ids: dict[str, int],
    unit_ids: dict[tuple[str, str], int],
    households: list[HouseholdPlan],
) -> int:
    rows = []
    for h in households:
        r = h.room
        rows.append(
            {
                "project_id": project.pk,
                "building_id": building_ids[r.building],
                "unit_id": unit_ids.get((r.building, r.unit)),
                "floor": r.floor,
                "number": r.number,
                "code": room_code(r.building, r.floor, r.number),
                "area": r.area,
                "use": r.use,
                "occupancy": h.status,
                "move_in_date": h.move_in,
            }
        )
    for h, pk in zip(households, insert_returning_ids(Room, rows), strict=True):
        h.pk = pk
    return len(rows)


def _people_create(occupants: Iterable[OccupantPlan]) -> int:
    plans = [o.person for o in occupants if o.person]
    rows = []
    for p in plans:
        fields: dict[str, Any] = id_fields(IdType.RESIDENT, p.id_number)
        fields.pop("birthday_from_id", None)
        p.id_hash = fields["id_hash"]
        rows.append(
            {
                "name": p.name,
                "sex": p.sex,
                "phone": p.phone,
                "phone2": p.phone2,
                "native_place": p.native_place,
                "hukou_place": p.hukou_place,
                "birthday": p.birthday,
                **fields,
            }
        )
    for plan, pk in zip(plans, insert_returning_ids(Person, rows), strict=True):
        plan.pk = pk
    return len(rows)


def _organizations_create(occupants: Iterable[OccupantPlan]) -> int:
    plans = [o.organization for o in occupants if o.organization]
    rows = [
        {"name": o.name, "uscc": o.uscc, "contact_name": o.contact_name, "contact_phone": o.contact_phone}
        for o in plans
    ]
    for plan, pk in zip(plans, insert_returning_ids(Organization, rows), strict=True):
        plan.pk = pk
    return len(rows)


def _occupancy_rows(households: Iterable[HouseholdPlan], now: Any) -> Iterator[tuple[Any, ...]]:
    for h in households:
        for o in h.occupants:
            person_id = o.person.pk if o.person else None
            organization_id = o.organization.pk if o.organization else None
            yield (h.pk, person_id, organization_id, o.role, o.start, o.end, o.note, now)


def household_text(h: HouseholdPlan) -> HouseholdText:
    """What search knows of a household — the same as ``households.search.household_texts`` reads back."""
    text = HouseholdText(room_code=room_code(h.room.building, h.room.floor, h.room.number),
                         building_code=h.room.building, room_number=h.room.number)  # fmt: skip
    for o in h.current:
        if o.person:
            text.names.append(o.person.name)
            text.phones += [p for p in (o.person.phone, o.person.phone2) if p]
            text.id_hashes.append(o.person.id_hash)
        elif o.organization:
            text.names += [o.organization.name, o.organization.contact_name]
            text.phones.append(o.organization.contact_phone)
    text.plates = [v.plate for v in h.vehicles]
    return text
