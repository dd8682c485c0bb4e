"""Households API, writing: each endpoint runs its action; a rule broken answers 400 in Chinese, changing nothing."""

from __future__ import annotations

import pytest

from yidang.audit.models import AuditEvent
from yidang.households.models import EmergencyContact, Occupancy, Vehicle, VipProfile
from yidang.households.tests.helpers import api_client, household_state


@pytest.fixture
def api(world):
    return api_client(world.assistant)


@pytest.fixture
def room(world):
    return world.rooms["hy1503"]


def url(room, tail=""):
    return f"/api/v1/households/{room.pk}/{tail}"


def test_registering_a_tenant_creates_the_occupancy_and_its_audit_row(api, room):
    response = api.post(
        url(room, "occupants/"),
        {"role": "tenant", "name": "李娜", "id_number": "11010519491231002x", "phone": "+86 137 0000 2222"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["name"] == "李娜"
    assert response.json()["id_number_masked"] == "110***********002X"
    assert response.json()["phone_masked"] == "137****2222"
    occupancy = Occupancy.objects.get(pk=response.json()["id"])
    assert (occupancy.room_id, occupancy.role, occupancy.end_date) == (room.pk, "tenant", None)
    room.refresh_from_db()
    assert room.occupancy == "rented"
    assert AuditEvent.objects.filter(action="occupancy.create", object_id=str(occupancy.pk)).exists()


def test_a_bad_id_number_answers_400_with_the_reason_and_writes_nothing(api, room):
    before = household_state(room)

    response = api.post(
        url(room, "occupants/"), {"role": "owner", "name": "王五", "id_number": "110105194912310021"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "身份证号码校验位错误：最后一位应为 X，实际为 1"
    assert household_state(room) == before


def test_a_missing_role_answers_400_naming_the_field(api, room):
    response = api.post(url(room, "occupants/"), {"name": "王五"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()


def test_ending_an_occupancy_keeps_it_in_the_history(api, room):
    occupancy = room.occupancies.get(end_date__isnull=True)

    response = api.post(url(room, f"occupancies/{occupancy.pk}/end/"), {"end_date": "2030-01-02", "reason": "搬离"})

    assert response.status_code == 200
    assert response.json()["end_date"] == "2030-01-02"
    occupancy.refresh_from_db()
    assert str(occupancy.end_date) == "2030-01-02"
    room.refresh_from_db()
    assert room.occupancy == "vacant"


def test_ending_an_occupancy_twice_answers_400(api, room):
    occupancy = room.occupancies.get(end_date__isnull=True)
    api.post(url(room, f"occupancies/{occupancy.pk}/end/"), {"end_date": "2030-01-02"})

    response = api.post(url(room, f"occupancies/{occupancy.pk}/end/"), {"end_date": "2030-01-03"})

    assert response.status_code == 400
    assert response.json()["detail"] == "该入住记录已结束"


def test_ending_another_rooms_occupancy_through_this_room_answers_404(api, world, room):
    other = world.rooms["hy0801"].occupancies.get(end_date__isnull=True)
    before = household_state(world.rooms["hy0801"])

    response = api.post(url(room, f"occupancies/{other.pk}/end/"), {"end_date": "2030-01-02"})

    assert response.status_code == 404
    assert household_state(world.rooms["hy0801"]) == before


def test_a_transfer_ends_the_owner_and_registers_the_new_one(api, room):
    response = api.post(url(room, "transfer/"), {"name": "王芳", "transfer_date": "2030-01-02"}, format="json")

    assert response.status_code == 201
    history = api.get(url(room)).json()["history"]
    assert [(h["name"], h["start_date"], h["end_date"]) for h in history][:2] == [
        ("王芳", "2030-01-02", None),
        ("张伟", history[1]["start_date"], "2030-01-02"),
    ]


def test_a_transfer_with_a_bad_phone_answers_400_and_the_owner_stays(api, room):
    before = household_state(room)

    response = api.post(
        url(room, "transfer/"), {"name": "王芳", "phone": "1380000", "transfer_date": "2030-01-02"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "手机号码 1380000 无效：应为1开头的11位数字"
    assert household_state(room) == before


def test_adding_an_emergency_contact_answers_with_the_masked_phone(api, room):
    response = api.post(url(room, "contacts/"), {"name": "李四", "phone": "13900002222", "relation": "兄弟"})

    assert response.status_code == 201
    assert response.json()["phone_masked"] == "139****2222"
    assert "13900002222" not in response.content.decode()
    assert EmergencyContact.objects.get(room=room).phone == "13900002222"


def test_an_emergency_contact_with_a_bad_phone_answers_400(api, room):
    response = api.post(url(room, "contacts/"), {"name": "李四", "phone": "010-123"})
    assert response.status_code == 400
    assert response.json()["detail"] == "电话号码 010-123 无效：应为11位手机号或带区号的固定电话（如 010-12345678）"
    assert not EmergencyContact.objects.filter(room=room).exists()


def test_adding_and_removing_a_vehicle(api, room):
    added = api.post(url(room, "vehicles/"), {"plate": "沪b·55555", "kind": "motor"})
    assert added.status_code == 201
    assert added.json()["plate"] == "沪B55555"
    assert api.get("/api/v1/households/", {"search": "沪B55555"}).json()["count"] == 1

    removed = api.delete(url(room, f"vehicles/{added.json()['id']}/"))

    assert removed.status_code == 204
    assert not Vehicle.objects.filter(plate="沪B55555").exists()
    assert api.get("/api/v1/households/", {"search": "沪B55555"}).json()["count"] == 0
    assert AuditEvent.objects.filter(action="vehicle.delete", object_id=str(added.json()["id"])).exists()


def test_a_duplicate_plate_answers_400_with_its_field(api, room):
    response = api.post(url(room, "vehicles/"), {"plate": "京a 12345"})
    assert response.status_code == 400
    assert response.json() == {"detail": "车牌 京A12345 已登记在 A2-15-1503", "code": "invalid", "field": "plate"}


def test_removing_another_rooms_vehicle_answers_404(api, world, room):
    other = world.rooms["hy0801"]
    response = api.post(url(other, "vehicles/"), {"plate": "沪B55555"})
    assert api.delete(url(room, f"vehicles/{response.json()['id']}/")).status_code == 404
    assert Vehicle.objects.filter(room=other).count() == 1


def test_customer_service_saves_a_vip_profile(api, room):
    response = api.put(url(room, "vip/"), {"character": "爽快", "special_requests": "只在工作日上门"}, format="json")

    assert response.status_code == 200
    assert VipProfile.objects.get(room=room).special_requests == "只在工作日上门"
    assert api.get(url(room)).json()["vip_profile"]["character"] == "爽快"
