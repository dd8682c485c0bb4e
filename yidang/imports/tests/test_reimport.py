"""Importing a sheet again changes only what changed, and keeps the history of what it replaced."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from yidang.audit.models import AuditEvent
from yidang.households.models import Occupancy, OccupantRole
from yidang.households.search import search_households
from yidang.imports.actions import households_import
from yidang.imports.tests.sheets import ID_CHEN, ID_LI, ID_WANG, row, workbook
from yidang.people.models import Person
from yidang.places.models import Occupancy as RoomOccupancy
from yidang.places.models import Room


def sheet(**changes):
    li: dict[str, Any] = {"building": "C3", "unit": "1", "floor": 12, "number": "1201", "area": 89.5, "name": "李明"}
    li |= {"id_number": ID_LI, "phone": "13812345678", "move_in_date": "2021-05-01", "plates": "京A12345"}
    li |= {"emergency_name": "李雷", "emergency_phone": "13900001111"}
    rows = [
        row(**(li | changes)),
        row(building="C3", floor=12, number="1202", name="赵六", phone="13700000000"),  # no ID: name + phone
        row(building="C3", floor=12, number="1203"),  # vacant
    ]
    return workbook(rows)


def commit(world, data):
    return households_import(project=world.hy, data=data, actor=world.assistant, commit=True)


def test_importing_the_same_file_twice_creates_nothing_new(world, table_counts):
    first = commit(world, sheet())
    after_first = table_counts()
    second = commit(world, sheet())

    assert first.counts["new_rooms"] == 3 and first.counts["new_persons"] == 2
    assert table_counts() == after_first  # no rooms, people, occupancies, tokens or audit rows
    assert second.counts["changed_rows"] == 0 and second.counts["unchanged_rows"] == 3


def test_the_first_import_writes_one_audit_row_per_changed_row_and_one_for_the_import(world):
    before = AuditEvent.objects.count()
    commit(world, sheet())

    events = AuditEvent.objects.order_by("seq")[before:]
    assert [e.action for e in events] == ["household.import"] * 3 + ["households.import"]
    first, after = events[0], events[0].after or {}
    assert first.object_label == "C3-12-1201" and after["row"] == 2
    assert after["person"]["id_number"] == "110***********7571"
    assert after["person"]["phone"] == "138****5678"
    assert "13812345678" not in str(after) and ID_LI not in str(after)


@time_machine.travel(date(2024, 3, 1), tick=False)
def test_a_new_owner_closes_the_old_owners_occupancy_and_opens_a_new_one(world):
    commit(world, sheet())
    old = Occupancy.objects.get(room__code="C3-12-1201", end_date__isnull=True)

    report = commit(world, sheet(name="王芳", id_number=ID_WANG, phone="13912345678"))

    old.refresh_from_db()
    assert old.end_date == date(2024, 3, 1)
    new = Occupancy.objects.get(room__code="C3-12-1201", end_date__isnull=True)
    assert (str(new.occupant), new.role, new.start_date) == ("王芳", OccupantRole.OWNER, date(2024, 3, 1))
    assert (report.counts["ended_occupancies"], report.counts["new_occupancies"]) == (1, 1)
    assert Occupancy.objects.filter(room__code="C3-12-1201").count() == 2  # the history is kept
    event = AuditEvent.objects.filter(action="household.import").latest("seq")
    assert (event.before or {})["occupants"] == [{"role": "owner", "occupant": "李明", "start_date": "2021-05-01"}]
    assert [r.code for r in search_households("王芳", [world.hy.pk]).rooms] == ["C3-12-1201"]
    assert search_households("李明", [world.hy.pk]).rooms == []


def test_a_tenant_moving_in_keeps_the_owner(world):
    commit(world, sheet())
    data = workbook(
        [
            row(building="C3", floor=12, number="1201", role="租户", name="陈军", id_number=ID_CHEN),
            row(building="C3", floor=12, number="1202", name="赵六", phone="13700000000"),
        ]
    )
    commit(world, data)

    room = Room.objects.get(code="C3-12-1201")
    current = {(str(o.occupant), o.role) for o in Occupancy.objects.filter(room=room, end_date__isnull=True)}
    assert current == {("李明", OccupantRole.OWNER), ("陈军", OccupantRole.TENANT)}
    assert room.occupancy == RoomOccupancy.RENTED


def test_the_same_person_with_a_new_phone_is_updated_with_a_masked_audit_row(world):
    commit(world, sheet())
    people = Person.objects.count()

    report = commit(world, sheet(phone="13698765432", native_place="湖南长沙"))

    assert Person.objects.count() == people
    person = Person.objects.get(occupancies__room__code="C3-12-1201")
    assert (person.phone, person.native_place) == ("13698765432", "湖南长沙")
    assert report.counts["updated_persons"] == 1 and report.counts["new_occupancies"] == 0
    event = AuditEvent.objects.filter(action="household.import").latest("seq")
    assert (event.before or {})["person"] == {"phone": "138****5678", "native_place": ""}
    assert (event.after or {})["person"] == {"phone": "136****5432", "native_place": "湖南长沙", "id": person.pk}
    assert [r.code for r in search_households("5432", [world.hy.pk]).rooms] == ["C3-12-1201"]


def test_a_person_without_id_is_matched_by_name_in_the_same_room(world):
    commit(world, sheet())
    data = workbook([row(building="C3", floor=12, number="1202", name="赵六", phone="13711112222")])

    report = commit(world, data)

    assert report.counts["new_persons"] == 0 and report.counts["updated_persons"] == 1
    assert Person.objects.get(name="赵六").phone == "13711112222"


def test_one_person_owning_two_rooms_is_created_once(world):
    rows = [
        row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI),
        row(building="C3", floor=12, number="1202", name="李明", id_number=ID_LI),
    ]
    report = commit(world, workbook(rows))

    assert report.counts["new_persons"] == 1
    assert Person.objects.get(name="李明").occupancies.count() == 2


def test_room_details_are_updated_and_a_blank_cell_leaves_a_value_alone(world):
    commit(world, sheet())
    report = commit(world, sheet(area=92, note="已装修", move_in_date=None))

    room = Room.objects.get(code="C3-12-1201")
    assert (str(room.area), room.note, room.move_in_date) == ("92.00", "已装修", date(2021, 5, 1))
    assert report.counts["updated_rooms"] == 1


def test_a_vacant_row_for_an_occupied_room_leaves_its_occupants(world):
    commit(world, sheet())
    commit(world, workbook([row(building="C3", floor=12, number="1201")]))

    assert Occupancy.objects.filter(room__code="C3-12-1201", end_date__isnull=True).count() == 1


def test_a_reimport_reads_the_project_in_a_few_queries_not_one_per_row(world, django_assert_max_num_queries):
    rows = [
        row(building="C3", unit="1", floor=n, number=f"{n}01", name=f"业主{n}", phone=f"138{n:08d}")
        for n in range(1, 41)
    ]
    commit(world, workbook(rows))
    changed = [[*r[:4], 95.5, *r[5:]] for r in rows]  # a new floor area on every row

    with django_assert_max_num_queries(25):
        report = commit(world, workbook(changed))

    assert report.counts["updated_rooms"] == 40
