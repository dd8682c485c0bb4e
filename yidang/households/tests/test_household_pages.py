"""The household page: CS staff register occupants, transfers and vehicles; errors come back in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.world import PASSWORD
from yidang.audit.models import AuditEvent
from yidang.households.models import Occupancy, Vehicle


@pytest.fixture
def as_assistant(client, world):
    client.login(username="assistant", password=PASSWORD)
    return client


def test_detail_page_shows_the_masked_id_and_never_the_clear_number(as_assistant, world):
    from tests.world import ID_ZHANG_WEI

    response = as_assistant.get(reverse("households:detail", args=[world.rooms["hy1503"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "110***********002X" in html
    assert ID_ZHANG_WEI not in html
    assert "13812345678" not in html


def test_registering_a_tenant_colours_the_room_as_rented(as_assistant, world):
    room = world.rooms["hy1503"]
    response = as_assistant.post(
        reverse("households:occupant-add", args=[room.pk]),
        {
            "occupant-role": "tenant",
            "occupant-name": "李娜",
            "occupant-id_type": "resident",
            "occupant-phone": "13700002222",
            "occupant-start_date": "2026-11-01",
        },
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.occupancy == "rented"
    assert Occupancy.objects.filter(room=room, role="tenant", end_date__isnull=True).count() == 1


def test_a_bad_id_number_is_a_form_error_and_nothing_is_written(as_assistant, world):
    room = world.rooms["hy0802"]
    audit_before = AuditEvent.objects.count()
    response = as_assistant.post(
        reverse("households:occupant-add", args=[room.pk]),
        {
            "occupant-role": "owner",
            "occupant-name": "王五",
            "occupant-id_type": "resident",
            "occupant-id_number": "110105194912310021",
            "occupant-start_date": "2026-11-01",
        },
    )
    assert response.status_code == 400
    assert "身份证号码校验位错误" in response.content.decode()
    assert not Occupancy.objects.filter(room=room).exists()
    assert AuditEvent.objects.count() == audit_before


def test_a_transfer_keeps_the_previous_owner_in_the_history(as_assistant, world):
    room = world.rooms["hy1503"]
    today = timezone.localdate().isoformat()  # the world's owner moved in today; a transfer cannot predate that
    response = as_assistant.post(
        reverse("households:transfer", args=[room.pk]),
        {
            "transfer-name": "王芳",
            "transfer-id_type": "resident",
            "transfer-phone": "13600002222",
            "transfer-transfer_date": today,
        },
    )
    assert response.status_code == 302
    owners = Occupancy.objects.filter(room=room, role="owner").order_by("id")
    assert [(str(o.occupant), str(o.end_date)) for o in owners] == [("张伟", today), ("王芳", "None")]


def test_a_duplicate_plate_is_refused_with_a_clear_message(as_assistant, world):
    room = world.rooms["hy1503"]
    response = as_assistant.post(
        reverse("households:vehicle-add", args=[room.pk]), {"vehicle-plate": "京a 12345", "vehicle-kind": "motor"}
    )
    assert response.status_code == 400
    assert "车牌 京A12345 已登记在 A2-15-1503" in response.content.decode()
    assert Vehicle.objects.filter(room=room).count() == 1


def test_another_projects_household_cannot_be_changed(client, world):
    client.login(username="jm_assistant", password=PASSWORD)
    room = world.rooms["hy1503"]
    response = client.post(
        reverse("households:vehicle-add", args=[room.pk]), {"vehicle-plate": "沪B55555", "vehicle-kind": "motor"}
    )
    assert response.status_code == 404
    assert not Vehicle.objects.filter(plate="沪B55555").exists()


def test_the_general_manager_may_read_but_not_change(client, world):
    client.login(username="gm", password=PASSWORD)
    room = world.rooms["hy1503"]
    assert client.get(reverse("households:detail", args=[room.pk])).status_code == 200
    response = client.post(
        reverse("households:vehicle-add", args=[room.pk]), {"vehicle-plate": "沪B55555", "vehicle-kind": "motor"}
    )
    assert response.status_code == 403
    assert not Vehicle.objects.filter(plate="沪B55555").exists()


def test_a_company_owner_with_a_bad_credit_code_is_refused(as_assistant, world):
    room = world.rooms["hy0802"]
    response = as_assistant.post(
        reverse("households:company-add", args=[room.pk]),
        {
            "company-role": "owner",
            "company-name": "深圳某某科技有限公司",
            "company-uscc": "91440300MA5D00000X",
            "company-start_date": "2026-11-01",
        },
    )
    assert response.status_code == 400
    assert "统一社会信用代码" in response.content.decode()
    assert not Occupancy.objects.filter(room=room).exists()


def test_a_parking_space_in_use_cannot_be_given_to_another_household(as_assistant, world):
    first, second = world.rooms["hy1503"], world.rooms["hy0801"]
    ok = as_assistant.post(
        reverse("households:parking-assign", args=[first.pk]),
        {"parking-code": "b2-101", "parking-tenure": "rented", "parking-permit_no": "P0001"},
    )
    assert ok.status_code == 302
    refused = as_assistant.post(
        reverse("households:parking-assign", args=[second.pk]), {"parking-code": "B2-101", "parking-tenure": "owned"}
    )
    assert refused.status_code == 400
    assert "车位 B2-101 已由 A2-15-1503 使用" in refused.content.decode()
    assert first.parking_spaces.get().permit_no == "P0001"


def test_page_numbers_beyond_any_result_answer_an_empty_page_not_an_error(as_assistant, world):
    response = as_assistant.get(reverse("households:search"), {"q": "张伟", "page": "999999"})
    assert response.status_code == 200
    api = as_assistant.get("/api/v1/households/", {"search": "张伟", "page": "999999"})
    assert (api.status_code, api.json()["results"]) == (200, [])


def test_a_page_number_too_long_to_be_one_is_read_as_the_first_page(as_assistant, world):
    api = as_assistant.get("/api/v1/households/", {"search": "张伟", "page": "9" * 40})
    assert api.status_code == 200
    assert [row["code"] for row in api.json()["results"]] == ["A2-15-1503"]
