"""What a project holds before an import: read once into dictionaries so planning needs no queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from yidang.households.models import EmergencyContact, Occupancy, Vehicle
from yidang.people.models import Organization, Person
from yidang.places.models import Building, Project, Room, Unit

PERSON_FIELDS = (
    "id",
    "name",
    "sex",
    "id_type",
    "id_hash",
    "id_masked",
    "phone",
    "phone2",
    "native_place",
    "hukou_place",
    "birthday",
)


@dataclass(eq=False)
class Current:
    """A current occupancy of a room; ``occupancy_id`` is None for one this import adds."""

    occupancy_id: int | None
    role: str
    occupant: Person | Organization
    start_date: date | None

    @property
    def name(self) -> str:
        return self.occupant.name


@dataclass
class ProjectState:
    project: Project
    buildings: dict[str, Building] = field(default_factory=dict)
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)
    current: dict[str, list[Current]] = field(default_factory=lambda: defaultdict(list))  # by room code
    rooms_with_history: set[str] = field(default_factory=set)
    persons_by_hash: dict[str, Person] = field(default_factory=dict)
    persons_by_name_phone: dict[tuple[str, str], Person] = field(default_factory=dict)
    orgs_by_uscc: dict[str, Organization] = field(default_factory=dict)
    orgs_by_name: dict[str, Organization] = field(default_factory=dict)
    contacts: dict[str, dict[str, EmergencyContact]] = field(default_factory=lambda: defaultdict(dict))
    plates: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def remember_person(self, person: Person) -> None:
        if person.id_hash:
            self.persons_by_hash.setdefault(person.id_hash, person)
        self.persons_by_name_phone.setdefault((person.name, person.phone), person)

    def remember_org(self, org: Organization) -> None:
        if org.uscc:
            self.orgs_by_uscc.setdefault(org.uscc, org)
        self.orgs_by_name.setdefault(org.name, org)


def load_state(project: Project) -> ProjectState:
    """Buildings, units, rooms, occupants, contacts and plates of ``project``: a handful of queries.

    Only people and companies who ever occupied a room of this project are candidates for
    matching, so an import never touches another project's records.
    """
    state = ProjectState(project=project)
    state.buildings = {b.code: b for b in Building.objects.filter(project=project)}
    buildings = {b.id: b for b in state.buildings.values()}
    units = {u.id: u for u in Unit.objects.filter(building__project=project)}
    for unit in units.values():
        unit.building = buildings[unit.building_id]
        state.units[(unit.building.code, unit.code)] = unit
    for room in Room.objects.filter(project=project):
        # Relations from the dictionaries above: planning must not query once per room.
        room.building = buildings[room.building_id]
        room.unit = units[room.unit_id] if room.unit_id else None
        state.rooms[room.code] = room
    _load_occupants(state)
    room_codes = {r.id: r.code for r in state.rooms.values()}
    for contact in EmergencyContact.objects.filter(room__project=project):
        state.contacts[room_codes[contact.room_id]].setdefault(contact.name, contact)
    for room_id, plate in Vehicle.objects.filter(room__project=project).values_list("room_id", "plate"):
        state.plates[room_codes[room_id]].add(plate)
    return state


def _load_occupants(state: ProjectState) -> None:
    project = state.project
    history = Occupancy.objects.filter(room__project=project)
    persons = {
        p.id: p for p in Person.objects.filter(id__in=history.values("person_id")).only(*PERSON_FIELDS).order_by("id")
    }
    orgs = {o.id: o for o in Organization.objects.filter(id__in=history.values("organization_id")).order_by("id")}
    for person in persons.values():
        state.remember_person(person)
    for org in orgs.values():
        state.remember_org(org)
    room_codes = {r.id: r.code for r in state.rooms.values()}
    rows = history.values_list("id", "room_id", "role", "person_id", "organization_id", "start_date", "end_date")
    for occ_id, room_id, role, person_id, org_id, start, end in rows.order_by("id"):
        code = room_codes[room_id]
        state.rooms_with_history.add(code)
        if end is None:
            occupant = persons[person_id] if person_id else orgs[org_id]
            state.current[code].append(Current(occ_id, role, occupant, start))
