"""The audit trail: every action writes its row in its own transaction, masks what is sensitive,
and the rows can never be changed or deleted."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection

from tests.world import ID_OUYANG, ID_ZHANG_WEI
from yidang.audit.actions import Change, audit_record
from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.households import actions
from yidang.households.models import Occupancy, Vehicle
from yidang.people.actions import PersonData, person_create, person_update
from yidang.places.actions import room_create, room_update


def run_each_action(world):
    """Call every action of the foundation once; returns {audit action name: callable}."""
    room = world.rooms["hy1503"]
    actor = world.archivist
    occupancy = room.occupancies.get(end_date__isnull=True)
    vehicle = room.vehicles.get()
    person = occupancy.person
    return {
        "room.create": lambda: room_create(project=world.hy, building_code="C3", floor=2, number="201", actor=actor),
        "room.update": lambda: room_update(room=room, actor=actor, area=Decimal("88.50"), use="residential"),
        "person.create": lambda: person_create(data=PersonData(name="赵六", phone="13700003333"), actor=actor),
        "person.update": lambda: person_update(
            person=person, data=PersonData(name="张伟", phone="13700004444"), actor=actor
        ),
        "occupancy.create": lambda: actions.household_occupant_add(
            room=world.rooms["hy0802"], role="tenant", actor=actor, person_data=PersonData(name="李娜")
        ),
        "occupancy.end": lambda: actions.household_occupancy_end(
            occupancy=occupancy, end_date=datetime.date(2030, 1, 2), actor=actor
        ),
        "emergency_contact.create": lambda: actions.emergency_contact_add(
            room=room, name="李四", phone="13900002222", actor=actor
        ),
        "vehicle.create": lambda: actions.vehicle_add(room=room, plate="沪B55555", actor=actor),
        "vehicle.delete": lambda: actions.vehicle_remove(vehicle=vehicle, actor=actor),
        "vip_profile.create": lambda: actions.vip_profile_save(
            room=room, actor=actor, special_requests="只在工作日上门"
        ),
    }


ACTION_NAMES = [
    "room.create",
    "room.update",
    "person.create",
    "person.update",
    "occupancy.create",
    "occupancy.end",
    "emergency_contact.create",
    "vehicle.create",
    "vehicle.delete",
    "vip_profile.create",
]


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_writes_its_audit_row_naming_the_actor(world, name):
    call = run_each_action(world)[name]
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    call()

    event = AuditEvent.objects.filter(seq__gt=last, action=name).get()
    assert event.actor == world.archivist
    assert event.actor_label == "archivist"
    assert event.object_id


def test_the_transfer_writes_one_row_per_change_in_order(world):
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    actions.household_transfer(
        room=world.rooms["hy1503"],
        new_owner=PersonData(name="王芳"),
        transfer_date=datetime.date(2030, 1, 2),
        actor=world.archivist,
    )

    written = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values_list("action", flat=True))
    assert written == ["occupancy.end", "person.create", "occupancy.create", "archive.flags"]


def test_a_transfer_that_fails_after_ending_the_owner_leaves_no_audit_row_and_no_change(world):
    room = world.rooms["hy1503"]
    audit_before = AuditEvent.objects.count()

    with pytest.raises(DomainError):
        actions.household_transfer(
            room=room,
            new_owner=PersonData(name="王芳", id_number="110105194912310021"),
            transfer_date=datetime.date(2030, 1, 2),
            actor=world.archivist,
        )

    assert AuditEvent.objects.count() == audit_before
    assert room.occupancies.get(end_date__isnull=True).person.name == "张伟"


def test_an_action_that_fails_after_its_audit_row_leaves_neither_row_nor_change(world, monkeypatch):
    def broken_reindex(room_ids):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(actions, "search_reindex", broken_reindex)
    audit_before = AuditEvent.objects.count()

    with pytest.raises(RuntimeError):
        actions.vehicle_add(room=world.rooms["hy1503"], plate="沪B55555", actor=world.archivist)

    assert AuditEvent.objects.count() == audit_before
    assert not Vehicle.objects.filter(plate="沪B55555").exists()


@pytest.mark.django_db(transaction=True)
def test_an_audit_row_cannot_be_written_outside_a_transaction(world):
    with pytest.raises(RuntimeError, match="must run inside the action's transaction"):
        audit_record(actor=world.archivist, change=Change("room.touch", world.rooms["hy1503"]))


def test_no_audit_row_holds_a_clear_id_number_or_phone(world):
    for call in run_each_action(world).values():
        call()
    actions.household_transfer(
        room=world.rooms["hy0801"],
        new_owner=PersonData(name="王芳", id_number="440524188001010014", phone="13600002222"),
        transfer_date=datetime.date(2030, 1, 2),
        actor=world.archivist,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT before, after, object_label FROM audit_auditevent")
        raw = repr(cursor.fetchall())
    dumped = json.dumps(list(AuditEvent.objects.values("before", "after")), ensure_ascii=False)

    for clear in (ID_ZHANG_WEI, ID_OUYANG, "440524188001010014", "13812345678", "13700003333", "13700004444",
                  "13900002222", "13600002222", "13900001111"):  # fmt: skip
        assert clear not in dumped
        assert clear not in raw
    assert "110***********002X" in dumped
    assert "137****4444" in dumped


def test_an_audit_row_refuses_to_be_changed_or_deleted(world):
    event = AuditEvent.objects.order_by("seq")[0]
    event.action = "forged"

    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()

    assert AuditEvent.objects.filter(action="forged").count() == 0


def test_audit_rows_refuse_bulk_update_and_delete(world):
    count = AuditEvent.objects.count()

    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.filter(action="room.create").update(action="forged")
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.count() == count
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_ending_an_occupancy_records_before_and_after(world):
    occupancy = world.rooms["hy1503"].occupancies.get(end_date__isnull=True)
    actions.household_occupancy_end(occupancy=occupancy, end_date=datetime.date(2030, 1, 2), actor=world.archivist)
    event = AuditEvent.objects.get(action="occupancy.end", object_id=str(occupancy.pk))
    assert event.before is not None and event.after is not None
    assert event.before["end_date"] is None
    assert event.after["end_date"] == "2030-01-02"
    assert event.project_id == world.hy.pk
    assert Occupancy.objects.get(pk=occupancy.pk).end_date == datetime.date(2030, 1, 2)
