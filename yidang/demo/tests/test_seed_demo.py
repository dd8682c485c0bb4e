"""seed_demo: the demo projects, their households and the audit of the load."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from yidang.audit.models import AuditEvent
from yidang.demo.tests.conftest import SMALL
from yidang.households.actions import room_occupancy_refresh
from yidang.households.models import Occupancy, OccupantRole, Vehicle
from yidang.people.actions import person_reveal_id
from yidang.people.idnumbers import IdType, validate_id, validate_uscc
from yidang.people.models import Organization, Person
from yidang.people.phones import validate_phone
from yidang.places.models import Project, Room


def test_seeding_makes_the_residential_estate_and_the_commercial_tower(seeded):
    hy, jm = Project.objects.get(code="HY"), Project.objects.get(code="JM")
    assert (hy.name, hy.form, hy.use) == ("华苑小区", "estate", "residential")
    assert (jm.name, jm.form, jm.use) == ("金茂大厦", "tower", "commercial")
    assert Room.objects.count() == SMALL
    assert set(Room.objects.filter(project=jm).values_list("use", flat=True)) == {"shop", "office"}
    assert set(Room.objects.filter(project=hy).values_list("use", flat=True)) == {"residential"}


def test_room_codes_read_building_floor_number(seeded):
    room = Room.objects.filter(project__code="HY", floor__gte=10).select_related("building").order_by("id")[0]
    assert room.code == f"{room.building.code}-{room.floor}-{room.number}"
    assert room.number.startswith(str(room.floor))


def test_most_rooms_are_occupied_and_their_status_follows_the_occupancies(seeded):
    rooms = list(Room.objects.all())
    occupied = [r for r in rooms if r.occupancy != "vacant"]
    assert 0.75 < len(occupied) / len(rooms) < 0.95
    seeded_status = {r.pk: r.occupancy for r in rooms}
    for room in rooms:
        room_occupancy_refresh(room)
    assert {r.pk: r.occupancy for r in rooms} == seeded_status
    assert {"owner", "rented", "commercial", "vacant"} <= set(seeded_status.values())


def test_every_generated_resident_id_is_valid_and_unique(seeded):
    numbers = [person_reveal_id(p) for p in Person.objects.all()]
    assert numbers
    for number in numbers:
        assert validate_id(IdType.RESIDENT, number) == number
    assert len(set(numbers)) == len(numbers)


def test_ids_are_stored_encrypted_and_masked(seeded):
    person = Person.objects.exclude(id_number_enc="").order_by("id")[0]
    number = person_reveal_id(person)
    assert number not in person.id_number_enc
    assert person.id_masked == number[:3] + "*" * 11 + number[-4:]


def test_phones_and_company_credit_codes_are_valid(seeded):
    for phone in Person.objects.exclude(phone="").values_list("phone", flat=True)[:200]:
        assert validate_phone(phone) == phone
    for uscc in Organization.objects.values_list("uscc", flat=True):
        assert validate_uscc(uscc) == uscc


def test_the_tower_has_company_owners_and_the_estate_tenants_and_families(seeded):
    jm_owners = Occupancy.objects.filter(room__project__code="JM", role=OccupantRole.OWNER)
    assert jm_owners.filter(organization__isnull=False).exists()
    hy = Occupancy.objects.filter(room__project__code="HY")
    assert hy.filter(role=OccupantRole.TENANT).exists()
    assert hy.filter(role=OccupantRole.FAMILY).exists()
    assert hy.filter(end_date__isnull=False).exists()  # earlier owners, kept as history
    assert Vehicle.objects.filter(kind="motor").exists() and Vehicle.objects.filter(kind="non_motor").exists()


def test_the_load_is_recorded_as_one_summary_audit_row(seeded):
    events = AuditEvent.objects.filter(action="demo.seed")
    assert events.count() == 1
    after = events.get().after
    assert after is not None and after["households"] == SMALL
    assert not AuditEvent.objects.filter(action__in=["person.create", "room.create", "occupancy.create"]).exists()


def test_seeding_twice_with_if_empty_adds_nothing(seeded):
    counts = (Room.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo", households=SMALL, if_empty=True, verbosity=0)
    assert (Room.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == counts


def test_seeding_again_without_if_empty_is_refused_and_adds_nothing(seeded):
    rooms = Room.objects.count()
    with pytest.raises(CommandError, match="已有住户数据"):
        call_command("seed_demo", households=SMALL, verbosity=0)
    assert Room.objects.count() == rooms


def test_a_seed_of_no_households_is_refused(db):
    with pytest.raises(CommandError, match="至少为 1"):
        call_command("seed_demo", households=0, verbosity=0)
    assert not Project.objects.exists()


def test_every_occupied_household_has_its_file_and_vacant_rooms_none(seeded):
    from yidang.archive.models import Archive

    occupied = set(Room.objects.exclude(occupancy="vacant").values_list("id", flat=True))
    assert set(Archive.objects.values_list("room_id", flat=True)) == occupied
