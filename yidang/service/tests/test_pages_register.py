"""Registering a ticket on the page: the household picked by the household search, the reporter prefilled from
its owner, the kind's rules enforced with a Chinese message and nothing saved when refused."""

from __future__ import annotations

from tests.pagetext import page_text
from yidang.service.models import Ticket, TicketStatus
from yidang.service.tests.helpers import category
from yidang.service.tests.page_helpers import sign_in

URL = "/service/new/"


def form(world, **changes):
    data = {
        "project": world.hy.pk,
        "room": world.rooms["hy1503"].pk,
        "kind": "repair",
        "channel": "phone",
        "category": category().pk,
        "priority": "ordinary",
        "content": "厨房水管漏水",
        "reporter_name": "张伟",
        "reporter_phone": "13812345678",
        "place": "",
    }
    data.update(changes)
    return data


def test_picking_a_household_prefills_the_owner_as_reporter_with_the_phone_masked(client, world):
    body = page_text(sign_in(client, "assistant").get(URL + f"?room={world.rooms['hy1503'].pk}"))
    assert 'name="reporter_name" value="张伟"' in body
    assert "138****5678" in body and "13812345678" not in body


def test_the_picker_finds_households_of_the_users_projects_only(client, world):
    sign_in(client, "assistant")
    body = page_text(client.get("/service/new/rooms/?find=1503"))
    assert "A2-15-1503" in body and "张伟" in body and "T1-15-1503" not in body
    assert "A2-15-1503" in page_text(client.get(URL + "?find=zw"))  # the same search without JavaScript


def test_a_phoned_in_repair_is_registered_and_opens_on_its_page(client, world):
    response = sign_in(client, "assistant").post(URL, form(world))
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/service/{ticket.pk}/"
    assert (
        ticket.room == world.rooms["hy1503"] and ticket.channel == "phone" and ticket.registered_by == world.assistant
    )
    assert ticket.status == TicketStatus.REGISTERED and ticket.number.startswith("BX")


def test_a_common_area_repair_needs_a_place_instead_of_a_room(client, world):
    sign_in(client, "assistant")
    refused = client.post(URL, form(world, room="", place=""))
    assert refused.status_code == 400 and "请选择房屋或填写地点" in page_text(refused)
    assert client.post(URL, form(world, room="", place="A2栋电梯厅")).status_code == 302
    assert Ticket.objects.get().place == "A2栋电梯厅"


def test_a_priority_the_kind_does_not_have_is_refused_in_chinese(client, world):
    response = sign_in(client, "assistant").post(URL, form(world, priority="major"))
    assert response.status_code == 400 and "报修工单不能选" in page_text(response)
    assert not Ticket.objects.exists()


def test_a_category_of_another_kind_is_refused(client, world):
    response = sign_in(client, "assistant").post(URL, form(world, category=category("噪音").pk))
    assert response.status_code == 400 and "不适用于该类型工单" in page_text(response)
    assert not Ticket.objects.exists()


def test_a_household_of_another_project_cannot_be_named(client, world):
    response = sign_in(client, "assistant").post(URL, form(world, room=world.rooms["jm1503"].pk))
    assert response.status_code == 400 and "请从查找结果中选择本项目的房屋" in page_text(response)
    assert not Ticket.objects.exists()


def test_a_project_the_user_is_not_in_cannot_be_chosen(client, world):
    response = sign_in(client, "assistant").post(URL, form(world, project=world.jm.pk, room=""))
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_only_customer_service_staff_register_tickets(client, world):
    for username in ("engineer", "gm"):
        client.logout()
        sign_in(client, username)
        assert client.get(URL).status_code == 403
        assert client.post(URL, form(world)).status_code == 403
    assert not Ticket.objects.exists()
