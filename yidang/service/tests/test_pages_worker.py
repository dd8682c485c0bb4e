"""我的工单: the worker's phone page lists the tickets dispatched to them, each with the one step it waits for."""

from __future__ import annotations

from tests.pagetext import page_text
from yidang.service.models import TicketStatus
from yidang.service.tests.helpers import repair
from yidang.service.tests.page_helpers import completed, dispatched, sign_in

URL = "/service/mine/"


def test_the_worker_sees_their_dispatched_tickets_with_the_next_step(client, world):
    ticket, not_theirs = dispatched(world), repair(world)
    body = page_text(sign_in(client, "engineer").get(URL))
    assert ticket.number in body and not_theirs.number not in body
    assert f'action="/service/{ticket.pk}/acknowledge/"' in body and "接单" in body


def test_acknowledge_arrive_and_complete_from_the_list_come_back_to_it(client, world):
    ticket = dispatched(world)
    sign_in(client, "engineer")
    for step, data in [("acknowledge", {}), ("arrive", {}), ("complete", {"complete-work_record": "更换阀芯"})]:
        response = client.post(f"/service/{ticket.pk}/{step}/", {"next": URL, **data})
        assert response.status_code == 302 and response["Location"] == URL, step
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.COMPLETED and ticket.work_record == "更换阀芯"


def test_a_completed_ticket_sends_the_worker_to_the_owners_confirmation(client, world):
    ticket = completed(world)
    body = page_text(sign_in(client, "engineer").get(URL))
    assert f'href="/service/{ticket.pk}/#step-confirm"' in body


def test_someone_with_nothing_dispatched_sees_an_empty_list(client, world):
    repair(world)
    body = page_text(sign_in(client, "assistant").get(URL))
    assert "目前没有派给您的工单" in body


def test_the_worker_finds_the_page_in_the_menu(client, world):
    body = page_text(sign_in(client, "engineer").get("/"))
    assert f'href="{URL}"' in body and "我的工单" in body
