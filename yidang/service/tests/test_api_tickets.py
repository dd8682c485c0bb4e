"""/api/v1/tickets/ and /api/v1/callbacks/: the same actions as the pages, a DomainError a 400 with its message,
another project's ticket a 404, lists paged by cursor."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from yidang.households.tests.helpers import api_client
from yidang.service.models import Ticket, TicketStatus
from yidang.service.tests.helpers import category, repair
from yidang.service.tests.page_helpers import completed, dispatched, returned, signature_data_url, state

BASE = "/api/v1/tickets/"


def new_ticket(world, **changes):
    body = {
        "project": "HY",
        "kind": "repair",
        "channel": "phone",
        "category": category().pk,
        "content": "卫生间漏水",
        "reporter_name": "张伟",
        "reporter_phone": "13812345678",
        "room": world.rooms["hy1503"].pk,
    }
    body.update(changes)
    return body


def test_cs_staff_register_a_ticket(world):
    response = api_client(world.assistant).post(BASE, new_ticket(world), format="json")
    assert response.status_code == 201, response.data
    assert response.data["number"].startswith("BX") and response.data["room"] == "A2-15-1503"
    assert response.data["steps_open"] == ["dispatch", "pause"]
    assert [c["name"] for c in response.data["clocks"]] == ["到场", "完工"]


def test_a_refused_registration_is_a_400_with_the_message_and_saves_nothing(world):
    response = api_client(world.assistant).post(BASE, new_ticket(world, priority="major"), format="json")
    assert response.status_code == 400 and "报修工单不能选" in response.data["detail"]
    assert response.data["field"] == "priority" and not Ticket.objects.exists()


def test_a_household_of_another_project_cannot_be_named(world):
    response = api_client(world.assistant).post(BASE, new_ticket(world, room=world.rooms["jm1503"].pk), format="json")
    assert response.status_code == 400 and response.data["field"] == "room" and not Ticket.objects.exists()


def test_a_worker_cannot_register(world):
    response = api_client(world.engineer).post(BASE, new_ticket(world), format="json")
    assert response.status_code == 403 and "客服" in response.data["detail"] and not Ticket.objects.exists()


def test_the_list_is_scoped_filtered_and_paged_by_cursor(world):
    start = timezone.now() - timedelta(days=1)
    made = [repair(world, at=start + timedelta(minutes=i)) for i in range(32)]
    client = api_client(world.assistant)
    first = client.get(BASE, {"status": "all"})
    assert first.status_code == 200 and "count" not in first.data
    assert first.data["results"][0]["number"] == made[-1].number
    second = client.get(first.data["next"])
    numbers = [t["number"] for t in first.data["results"] + second.data["results"]]
    assert sorted(numbers) == sorted(t.number for t in made) and second.data["next"] is None
    assert client.get(BASE, {"status": "dispatched"}).data["results"] == []
    assert api_client(world.jm_assistant).get(BASE, {"status": "all"}).data["results"] == []


def test_the_list_narrows_to_tickets_running_out_or_late_only(world):
    late = repair(world, at=timezone.now() - timedelta(hours=1))
    warned = repair(world, at=timezone.now() - timedelta(minutes=18))  # warned at 16 minutes, due at 20
    repair(world)
    client = api_client(world.assistant)

    def numbers(sla):
        return {t["number"] for t in client.get(BASE, {"sla": sla}).data["results"]}

    assert numbers("true") == numbers("on") == {late.number, warned.number}
    assert numbers("late") == {late.number}


def test_a_worker_lists_what_is_dispatched_to_them(world):
    ticket = dispatched(world)
    repair(world)
    rows = api_client(world.engineer).get(BASE, {"assignee": "me"}).data["results"]
    assert [t["number"] for t in rows] == [ticket.number]


def test_another_projects_ticket_is_404_for_reading_and_every_step(world):
    ticket = dispatched(world)
    before = state(ticket)
    client = api_client(world.jm_assistant)
    assert client.get(f"{BASE}{ticket.pk}/").status_code == 404
    for step in ("dispatch", "acknowledge", "close", "return-slip"):
        assert client.post(f"{BASE}{ticket.pk}/{step}/", {}, format="json").status_code == 404
    assert state(ticket) == before


def test_the_steps_walk_a_repair_through_the_api(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = repair(world)
    desk, worker = api_client(world.assistant), api_client(world.engineer)
    url = f"{BASE}{ticket.pk}/"
    assert (
        desk.post(url + "dispatch/", {"department": "engineering", "assignee": "engineer"}, format="json").status_code
        == 200
    )
    assert worker.post(url + "acknowledge/").status_code == 200
    assert worker.post(url + "arrive/").status_code == 200
    assert worker.post(url + "complete/", {"work_record": "更换三通阀"}, format="json").status_code == 200
    confirmed = worker.post(url + "confirm/", {"signature": signature_data_url()}, format="json")
    assert confirmed.status_code == 200 and confirmed.data["confirmation"] == "signature"
    assert desk.post(url + "return-slip/").status_code == 200
    called = desk.post(url + "callback/", {"method": "visit", "result": "satisfied"}, format="json")
    assert called.status_code == 200 and called.data["status"] == TicketStatus.CALLED_BACK
    assert desk.post(url + "close/", {}, format="json").data["status"] == TicketStatus.CLOSED
    actions_taken = [s["action"] for s in desk.get(url).data["steps"]]
    assert actions_taken == [
        "register",
        "dispatch",
        "acknowledge",
        "arrive",
        "complete",
        "confirm",
        "return_slip",
        "callback",
        "close",
    ]


def test_a_step_the_flow_refuses_is_a_400_and_changes_nothing(world):
    ticket = repair(world)
    before = state(ticket)
    response = api_client(world.assistant).post(f"{BASE}{ticket.pk}/return-slip/")
    assert response.status_code == 400 and response.data["detail"] == "工单当前状态为“已登记”，不能回单"
    assert state(ticket) == before


def test_a_worker_of_another_project_cannot_be_dispatched_to(world):
    ticket = repair(world)
    before = state(ticket)
    body = {"department": "engineering", "assignee": "jm_assistant"}
    response = api_client(world.assistant).post(f"{BASE}{ticket.pk}/dispatch/", body, format="json")
    assert response.status_code == 400 and state(ticket) == before


def test_the_reporters_phone_is_masked_for_readers_who_do_not_handle_the_ticket(world):
    ticket = repair(world)
    assert api_client(world.gm).get(f"{BASE}{ticket.pk}/").data["reporter_phone"] == "138****5678"
    assert api_client(world.assistant).get(f"{BASE}{ticket.pk}/").data["reporter_phone"] == "13812345678"


def test_callbacks_are_listed_recorded_and_counted(world):
    ticket = returned(world)
    client = api_client(world.assistant)
    due = client.get("/api/v1/callbacks/", {"state": "due"}).data["results"]
    assert [c["ticket_number"] for c in due] == [ticket.number]
    assert client.get("/api/v1/callbacks/figures/").data["callback_rate"] == 0.0
    refused = client.post(f"/api/v1/callbacks/{due[0]['id']}/record/", {"method": "phone", "result": "dissatisfied"})
    assert refused.status_code == 400 and "意见" in refused.data["detail"]
    done = client.post(
        f"/api/v1/callbacks/{due[0]['id']}/record/", {"method": "phone", "result": "satisfied"}, format="json"
    )
    assert done.status_code == 200 and done.data["result"] == "satisfied"
    figures = client.get("/api/v1/callbacks/figures/").data
    assert figures["callback_rate"] == 1.0 and figures["satisfaction"] == 1.0 and figures["visit_share"] == 0.0
    assert api_client(world.jm_assistant).get(f"/api/v1/callbacks/{due[0]['id']}/").status_code == 404
    assert api_client(world.engineer).get("/api/v1/callbacks/").data["results"] == []


def test_a_confirmation_by_code_through_the_api(world):
    ticket = completed(world)
    response = api_client(world.engineer).post(
        f"{BASE}{ticket.pk}/confirm/", {"code": ticket.confirm_code}, format="json"
    )
    assert response.status_code == 200 and response.data["confirmation"] == f"确认码 {ticket.confirm_code}"
