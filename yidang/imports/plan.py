"""Deciding what an import changes: new places, who is the same person, transfers, updates.

Rows are planned in file order against the project's state (``state.ProjectState``), which the
planner updates as it goes, so a person named on several rows is created once and an owner
named twice is not transferred twice. Nothing here writes; ``write.plan_write`` does. A commit
plans and writes a sheet slice by slice (``Planner.run_slice``); rows name different rooms, and
a person or company is changed only on the first row naming them, so the slices' plans say what
one plan of the whole sheet says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yidang.audit.actions import diff
from yidang.households.models import EmergencyContact, OccupantRole
from yidang.imports.columns import ROLE_LABEL as ROLE_WORD
from yidang.imports.instances import new_instance
from yidang.imports.rows import RowInput
from yidang.imports.state import Current, ProjectState
from yidang.people.actions import audit_view
from yidang.people.idnumbers import IdType, birthday_from_resident_id
from yidang.people.models import Organization, Person
from yidang.people.phones import mask_phone
from yidang.places.models import Building, Room, RoomUse, Unit
from yidang.places.models import Occupancy as RoomOccupancy

# A new occupant in one of these roles ends the others' occupancies in the roles listed.
EXCLUSIVE_ROLES: dict[str, set[str]] = {
    OccupantRole.OWNER: {OccupantRole.OWNER, OccupantRole.CO_OWNER},
    OccupantRole.TENANT: {OccupantRole.TENANT},
    OccupantRole.COMMERCIAL: {OccupantRole.COMMERCIAL},
}
ROOM_FIELDS = ("unit", "area", "use", "move_in_date", "note")


@dataclass(eq=False)
class RowChange:
    """What one row changes, for its audit row: before/after hold only what changed."""

    row: int
    room: Room
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class NewOccupancy:
    room: Room
    occupant: Person | Organization
    role: str
    start_date: date | None


@dataclass
class Plan:
    today: date
    new_buildings: list[Building] = field(default_factory=list)
    new_units: list[Unit] = field(default_factory=list)
    new_rooms: list[Room] = field(default_factory=list)
    changed_rooms: dict[str, Room] = field(default_factory=dict)
    room_fields: set[str] = field(default_factory=set)
    new_persons: list[Person] = field(default_factory=list)
    changed_persons: dict[int, Person] = field(default_factory=dict)
    person_fields: set[str] = field(default_factory=set)
    clear_ids: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(person) → (id type, number)
    new_orgs: list[Organization] = field(default_factory=list)
    changed_orgs: dict[int, Organization] = field(default_factory=dict)
    new_occupancies: list[NewOccupancy] = field(default_factory=list)
    ended: list[tuple[int, date]] = field(default_factory=list)
    new_contacts: list[EmergencyContact] = field(default_factory=list)
    changed_contacts: list[EmergencyContact] = field(default_factory=list)
    new_vehicles: list[tuple[Room, str, Person | None]] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)  # room codes whose occupants or plates changed
    transfers: set[str] = field(default_factory=set)  # room codes whose owner was replaced (过户)
    unchanged_rows: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "new_buildings": len(self.new_buildings),
            "new_units": len(self.new_units),
            "new_rooms": len(self.new_rooms),
            "updated_rooms": len(self.changed_rooms),
            "new_persons": len(self.new_persons),
            "updated_persons": len(self.changed_persons),
            "new_organizations": len(self.new_orgs),
            "new_occupancies": len(self.new_occupancies),
            "ended_occupancies": len(self.ended),
            "new_contacts": len(self.new_contacts),
            "updated_contacts": len(self.changed_contacts),
            "new_vehicles": len(self.new_vehicles),
            "changed_rows": len(self.changes),
            "unchanged_rows": self.unchanged_rows,
        }


class Planner:
    def __init__(self, state: ProjectState, today: date):
        self.state = state
        self.plan = Plan(today=today)
        self._seen: set[int] = set()  # id() of occupants already updated by an earlier row

    def run(self, rows: list[RowInput]) -> Plan:
        for row in rows:
            self.row(row)
        self._room_occupancy()
        return self.plan

    def run_slice(self, rows: list[RowInput]) -> Plan:
        """A plan of its own for the next rows, against the state the rows before them left."""
        self.plan = Plan(today=self.plan.today)
        return self.run(rows)

    def row(self, row: RowInput) -> None:
        room, is_new = self._room(row)
        change = RowChange(row.row, room)
        if is_new:
            change.after["room"] = _room_view(room)
        else:
            self._room_update(row, room, change)
        occupant = None
        if row.has_occupant:
            occupant = self._org(row, change) if row.is_org else self._person(row, change)
            self._occupancy(row, room, occupant, change)
        self._contact(row, room, change)
        self._vehicles(row, room, occupant if isinstance(occupant, Person) else None, change)
        if change.after or change.before:
            self.plan.changes.append(change)
        else:
            self.plan.unchanged_rows += 1

    # -- places ------------------------------------------------------------------------------
    def _room(self, row: RowInput) -> tuple[Room, bool]:
        room = self.state.rooms.get(row.code)
        if room is not None:
            return room, room.pk is None
        building = self._building(row.building)
        values = {
            "project_id": self.state.project.pk,
            "floor": row.floor,
            "number": row.number,
            "code": row.code,
            "area": row.area,
            "use": row.use or RoomUse.RESIDENTIAL,
            "move_in_date": row.move_in_date,
            "note": row.note,
        }
        room = new_instance(Room, values, {"building": building, "unit": self._unit(building, row.unit)})
        self.state.rooms[row.code] = room
        self.plan.new_rooms.append(room)
        return room, True

    def _building(self, code: str) -> Building:
        building = self.state.buildings.get(code)
        if building is None:
            building = Building(project=self.state.project, code=code)
            self.state.buildings[code] = building
            self.plan.new_buildings.append(building)
        return building

    def _unit(self, building: Building, code: str) -> Unit | None:
        if not code:
            return None
        unit = self.state.units.get((building.code, code))
        if unit is None:
            unit = Unit(building=building, code=code)
            self.state.units[(building.code, code)] = unit
            self.plan.new_units.append(unit)
        return unit

    def _room_update(self, row: RowInput, room: Room, change: RowChange) -> None:
        wanted: dict[str, Any] = {"area": row.area, "use": row.use, "move_in_date": row.move_in_date, "note": row.note}
        if row.unit:
            wanted["unit"] = self._unit(room.building, row.unit)
        before, after = {}, {}
        for name, value in wanted.items():
            if value in (None, "") or getattr(room, name) == value:
                continue
            before[name], after[name] = _plain(getattr(room, name)), _plain(value)
            setattr(room, name, value)
            self.plan.room_fields.add(name)
        if after:
            self.plan.changed_rooms[room.code] = room
            change.before["room"], change.after["room"] = before, after

    # -- people ------------------------------------------------------------------------------
    def _person(self, row: RowInput, change: RowChange) -> Person:
        person = self._find_person(row)
        if person is None:
            person = self._new_person(row)
            change.after["person"] = audit_view(person)
        elif id(person) not in self._seen and person.pk is not None:
            self._person_update(person, row, change)
        self._seen.add(id(person))
        return person

    def _find_person(self, row: RowInput) -> Person | None:
        state = self.state
        if row.id_hash and row.id_hash in state.persons_by_hash:
            return state.persons_by_hash[row.id_hash]
        for current in state.current.get(row.code, ()):
            other = current.occupant
            if isinstance(other, Person) and other.name == row.name and (not row.id_hash or not other.id_hash):
                return other
        found = state.persons_by_name_phone.get((row.name, row.phone))
        if found is not None and (not row.id_hash or not found.id_hash):
            return found
        return None

    def _new_person(self, row: RowInput) -> Person:
        values = {
            "name": row.name,
            "sex": row.sex or "",
            "phone": row.phone,
            "phone2": row.phone2,
            "native_place": row.native_place,
            "hukou_place": row.hukou_place,
        }
        person = new_instance(Person, values)
        if row.id_number:
            person.id_type, person.id_hash, person.id_masked = row.id_type or "", row.id_hash, row.id_masked
            self.plan.clear_ids[id(person)] = (person.id_type, row.id_number)
            if row.id_type == IdType.RESIDENT:
                person.birthday = birthday_from_resident_id(row.id_number)
        self.state.remember_person(person)
        self.plan.new_persons.append(person)
        return person

    def _person_update(self, person: Person, row: RowInput, change: RowChange) -> None:
        before = audit_view(person)
        wanted = {
            "name": row.name,
            "sex": row.sex,
            "phone": row.phone,
            "phone2": row.phone2,
            "native_place": row.native_place,
            "hukou_place": row.hukou_place,
        }
        changed = {k for k, v in wanted.items() if v not in (None, "") and getattr(person, k) != v}
        for name in changed:
            setattr(person, name, wanted[name])
        if row.id_number and person.id_hash != row.id_hash:
            person.id_type, person.id_hash, person.id_masked = row.id_type or "", row.id_hash, row.id_masked
            self.plan.clear_ids[id(person)] = (person.id_type, row.id_number)
            changed |= {"id_type", "id_hash", "id_masked", "id_number_enc"}
            if person.birthday is None and row.id_type == IdType.RESIDENT:
                person.birthday = birthday_from_resident_id(row.id_number)
                changed.add("birthday")
        if not changed:
            return
        old, new = diff(before, audit_view(person))
        self.plan.person_fields |= changed
        self.plan.changed_persons[person.pk] = person
        change.before["person"], change.after["person"] = old, new | {"id": person.pk}

    def _org(self, row: RowInput, change: RowChange) -> Organization:
        state = self.state
        org = state.orgs_by_uscc.get(row.uscc) if row.uscc else None
        if org is None:
            here = [c.occupant for c in state.current.get(row.code, ()) if isinstance(c.occupant, Organization)]
            org = next((o for o in here if o.name == row.name), None) or state.orgs_by_name.get(row.name)
        if org is None:
            org = new_instance(Organization, {"name": row.name, "uscc": row.uscc, "contact_phone": row.phone})
            state.remember_org(org)
            self.plan.new_orgs.append(org)
            change.after["organization"] = _org_view(org)
        elif id(org) not in self._seen and org.pk is not None:
            self._org_update(org, row, change)
        self._seen.add(id(org))
        return org

    def _org_update(self, org: Organization, row: RowInput, change: RowChange) -> None:
        before = _org_view(org)
        if row.phone:
            org.contact_phone = row.phone
        if row.uscc and not org.uscc:
            org.uscc = row.uscc
        old, new = diff(before, _org_view(org))
        if new:
            self.plan.changed_orgs[org.pk] = org
            change.before["organization"], change.after["organization"] = old, new | {"id": org.pk}

    # -- occupancy ---------------------------------------------------------------------------
    def _occupancy(self, row: RowInput, room: Room, occupant: Person | Organization, change: RowChange) -> None:
        role = row.role or OccupantRole.OWNER
        currents = self.state.current[room.code]
        mine = [c for c in currents if c.occupant is occupant]
        if any(c.role == role for c in mine):
            return
        exclusive = EXCLUSIVE_ROLES.get(role, set())
        ending = mine + [c for c in currents if c.role in exclusive and c.occupant is not occupant]
        today = self.plan.today
        if role == OccupantRole.OWNER and any(c.role in exclusive for c in ending if c not in mine):
            self.plan.transfers.add(room.code)
        if ending:
            change.before["occupants"] = [_current_view(c) for c in ending]
            change.after["ended"] = {"end_date": today.isoformat(), "count": len(ending)}
        for current in ending:
            currents.remove(current)
            if current.occupancy_id is not None:
                self.plan.ended.append((current.occupancy_id, max(today, current.start_date or today)))
        start = today if room.code in self.state.rooms_with_history else row.move_in_date
        self.state.rooms_with_history.add(room.code)
        currents.append(Current(None, role, occupant, start))
        self.plan.new_occupancies.append(NewOccupancy(room, occupant, role, start))
        self.plan.touched.add(room.code)
        change.after["occupancy"] = _current_view(currents[-1])

    def _room_occupancy(self) -> None:
        """Keep the map colour right (the rule of ``households.actions.room_occupancy_refresh``)."""
        for code in self.plan.touched:
            room = self.state.rooms[code]
            status = occupancy_status({c.role for c in self.state.current.get(code, ())})
            if room.occupancy != status:
                room.occupancy = status
                if room.pk is not None:
                    self.plan.changed_rooms[code] = room
                    self.plan.room_fields.add("occupancy")

    # -- contact and vehicles ----------------------------------------------------------------
    def _contact(self, row: RowInput, room: Room, change: RowChange) -> None:
        if not row.emergency_name:
            return
        known = self.state.contacts[room.code].get(row.emergency_name)
        after = {"name": row.emergency_name, "phone": mask_phone(row.emergency_phone)}
        if known is None:
            values = {"name": row.emergency_name, "phone": row.emergency_phone}
            contact = new_instance(EmergencyContact, values, {"room": room})
            self.state.contacts[room.code][contact.name] = contact
            self.plan.new_contacts.append(contact)
            change.after["emergency_contact"] = after
        elif known.phone != row.emergency_phone:
            change.before["emergency_contact"] = {"name": known.name, "phone": mask_phone(known.phone)}
            change.after["emergency_contact"] = after
            known.phone = row.emergency_phone
            if known.pk is not None:
                self.plan.changed_contacts.append(known)

    def _vehicles(self, row: RowInput, room: Room, owner: Person | None, change: RowChange) -> None:
        known = self.state.plates[room.code]
        added = [plate for plate in row.plates if plate not in known]
        if not added:
            return
        known.update(added)
        self.plan.new_vehicles += [(room, plate, owner) for plate in added]
        self.plan.touched.add(room.code)
        change.after["vehicles"] = added


def occupancy_status(roles: set[str]) -> str:
    if OccupantRole.COMMERCIAL in roles:
        return RoomOccupancy.COMMERCIAL
    if OccupantRole.TENANT in roles:
        return RoomOccupancy.RENTED
    return RoomOccupancy.OWNER if roles else RoomOccupancy.VACANT


def _plain(value: Any) -> Any:
    if isinstance(value, Unit):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value is not None and not isinstance(value, str | int) else value


def _room_view(room: Room) -> dict[str, Any]:
    view = {"code": room.code, "floor": room.floor, "number": room.number, "use": room.use}
    optional = {"unit": room.unit, "area": room.area, "move_in_date": room.move_in_date, "note": room.note}
    return view | {k: _plain(v) for k, v in optional.items() if v not in (None, "")}


def _org_view(org: Organization) -> dict[str, Any]:
    phone = org.contact_phone
    return {"name": org.name, "uscc": org.uscc, "contact_phone": mask_phone(phone) if phone else ""}


def _current_view(current: Current) -> dict[str, Any]:
    start = current.start_date.isoformat() if current.start_date else None
    return {"role": current.role, "occupant": current.name, "start_date": start}


def timeline_summary(change: RowChange) -> str:
    """One line for the household's timeline: what the import row changed."""
    after, parts = change.after, ["导入业户基本情况汇总表"]
    if "room" in after and "room" not in change.before:
        parts.append("新建房屋")
    elif "room" in after:
        parts.append("更新房屋信息")
    if "occupancy" in after:
        occupancy = after["occupancy"]
        ended = "，".join(o["occupant"] for o in change.before.get("occupants", []))
        parts.append(
            f"登记{ROLE_WORD.get(occupancy['role'], '')} {occupancy['occupant']}" + (f"（原 {ended}）" if ended else "")
        )
    if "person" in after and "occupancy" not in after:
        parts.append("更新业户信息")
    parts += [label for key, label in (("emergency_contact", "紧急联系人"), ("vehicles", "车辆")) if key in after]
    return "：".join(parts[:2]) + ("；" + "；".join(parts[2:]) if len(parts) > 2 else "")
