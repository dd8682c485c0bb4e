"""The ticket page offers only the steps the user may take now; each step is a small form calling its action;
a refused step comes back as a form error in Chinese (400) and changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from tests.pagetext import page_text
from yidang.service import actions
from yidang.service.models import Callback, TicketStatus
from yidang.service.queries import steps_open_to
from yidang.service.tests.helpers import complaint, repair
from yidang.service.tests.page_helpers import completed, dispatched, returned, sign_in, signature_data_url, state

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def step_url(ticket, step):
    return f"/service/{ticket.pk}/{step}/"


def test_a_repair_walks_the_whole_flow_through_the_pages(client, world):
    ticket = repair(world)
    sign_in(client, "assistant")
    dispatch = {"dispatch-department": "engineering", "dispatch-assignee": world.engineer.pk}
    assert client.post(step_url(ticket, "dispatch"), dispatch).status_code == 302
    client.logout()
    sign_in(client, "engineer")
    for step, data in [
        ("acknowledge", {}),
        ("arrive", {}),
        ("complete", {"complete-work_record": "更换三通阀"}),
        ("confirm", {"confirm-signature": signature_data_url()}),
    ]:
        assert client.post(step_url(ticket, step), data).status_code == 302, step
    client.logout()
    sign_in(client, "assistant")
    assert client.post(step_url(ticket, "return_slip")).status_code == 302
    callback = {"callback-method": "phone", "callback-result": "satisfied", "callback-comment": ""}
    assert client.post(step_url(ticket, "callback"), callback).status_code == 302
    assert client.post(step_url(ticket, "close"), {"close-note": ""}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.work_record == "更换三通阀"
    assert Callback.objects.get(ticket=ticket).result == "satisfied"


def test_the_owners_signature_is_stored_and_shown_to_those_who_see_the_ticket(client, world):
    ticket = completed(world)
    sign_in(client, "engineer").post(step_url(ticket, "confirm"), {"confirm-signature": signature_data_url()})
    ticket.refresh_from_db()
    assert ticket.confirmation.startswith("业主签名 service/signatures/")
    image = client.get(f"/service/{ticket.pk}/signature.png")
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")
    client.logout()
    assert sign_in(client, "jm_assistant").get(f"/service/{ticket.pk}/signature.png").status_code == 404


def test_a_confirmation_code_is_recorded_as_such(client, world):
    ticket = completed(world)
    sign_in(client, "engineer").post(step_url(ticket, "confirm"), {"confirm-code": ticket.confirm_code})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CONFIRMED and ticket.confirmation == f"确认码 {ticket.confirm_code}"


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "请业主签名或输入确认码"), ({"confirm-signature": "data:image/png;base64,AAAA"}, "签名图片格式不正确")],
)
def test_a_confirmation_without_a_signature_or_code_is_refused(client, world, data, message):
    ticket = completed(world)
    before = state(ticket)
    response = sign_in(client, "engineer").post(step_url(ticket, "confirm"), data)
    assert response.status_code == 400 and message in page_text(response)
    assert state(ticket) == before
    assert not default_storage.exists("service/signatures") or not default_storage.listdir("service/signatures")[1]


def test_a_refused_signature_step_leaves_no_image_behind(client, world):
    ticket = dispatched(world)  # not completed: the owner cannot confirm yet
    response = sign_in(client, "engineer").post(
        step_url(ticket, "confirm"), {"confirm-signature": signature_data_url()}
    )
    assert response.status_code == 400 and "不能业主确认" in page_text(response)
    assert not default_storage.exists("service/signatures") or not default_storage.listdir("service/signatures")[1]


def test_a_step_out_of_order_is_a_form_error_and_changes_nothing(client, world):
    ticket = repair(world)
    before = state(ticket)
    response = sign_in(client, "assistant").post(step_url(ticket, "return_slip"))
    assert response.status_code == 400
    assert "工单当前状态为“已登记”，不能回单" in page_text(response)
    assert state(ticket) == before


def test_a_worker_cannot_take_a_desk_step_and_nothing_changes(client, world):
    ticket = dispatched(world)
    before = state(ticket)
    data = {"dispatch-department": "engineering", "dispatch-assignee": world.engineer.pk}
    response = sign_in(client, "engineer").post(step_url(ticket, "dispatch"), data)
    assert response.status_code == 400 and "只有客服人员" in page_text(response)
    assert state(ticket) == before


def test_the_general_manager_reads_a_ticket_but_takes_no_step(client, world):
    ticket = repair(world)
    before = state(ticket)
    sign_in(client, "gm")
    page = client.get(f"/service/{ticket.pk}/")
    assert page.status_code == 200 and 'id="step-' not in page_text(page)
    data = {"dispatch-department": "engineering", "dispatch-assignee": world.engineer.pk}
    assert client.post(step_url(ticket, "dispatch"), data).status_code == 400
    assert state(ticket) == before


def test_a_missing_work_record_is_asked_for(client, world):
    ticket = actions.ticket_arrive(
        ticket=actions.ticket_acknowledge(ticket=dispatched(world), actor=world.engineer), actor=world.engineer
    )
    before = state(ticket)
    response = sign_in(client, "engineer").post(step_url(ticket, "complete"), {"complete-work_record": "  "})
    assert response.status_code == 400 and "请填写处理记录" in page_text(response)
    assert state(ticket) == before


def test_another_projects_ticket_is_404_on_every_route_and_unchanged(client, world):
    ticket = dispatched(world)
    before = state(ticket)
    sign_in(client, "jm_assistant")
    assert client.get(f"/service/{ticket.pk}/").status_code == 404
    for step in ("dispatch", "acknowledge", "pause", "close"):
        assert client.post(step_url(ticket, step), {"pause-reason": "x"}).status_code == 404
    assert state(ticket) == before


def test_a_worker_sees_only_the_tickets_dispatched_to_them(client, world):
    theirs, other = dispatched(world), repair(world)
    sign_in(client, "engineer")
    assert client.get(f"/service/{theirs.pk}/").status_code == 200
    assert client.get(f"/service/{other.pk}/").status_code == 404


def test_an_unknown_step_is_404(client, world):
    ticket = repair(world)
    assert sign_in(client, "assistant").post(step_url(ticket, "teleport")).status_code == 404


def test_the_page_offers_the_worker_their_step_and_the_desk_its_own(client, world):
    ticket = dispatched(world)
    assert steps_open_to(world.engineer, ticket) == ["acknowledge", "pause"]
    assert steps_open_to(world.assistant, ticket) == ["pause"]
    assert steps_open_to(world.gm, ticket) == []
    assert steps_open_to(world.jm_assistant, ticket) == []
    body = page_text(sign_in(client, "engineer").get(f"/service/{ticket.pk}/"))
    assert 'id="step-acknowledge"' in body and 'id="step-dispatch"' not in body


def test_only_the_cs_manager_is_offered_to_accept_a_major_complaint(world):
    ticket = complaint(world, priority="major")
    assert "accept" not in steps_open_to(world.assistant, ticket)
    assert "accept" in steps_open_to(world.manager, ticket)
    assert "feedback" in steps_open_to(world.assistant, ticket) and "reject" in steps_open_to(world.assistant, ticket)


def test_only_the_cs_manager_is_offered_to_verify_a_complaint(world):
    ticket = complaint(world)
    ticket = actions.ticket_accept(ticket=ticket, actor=world.assistant)
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="security", assignee=world.engineer, actor=world.assistant
    )
    for step in (actions.ticket_acknowledge, actions.ticket_arrive):
        ticket = step(ticket=ticket, actor=world.engineer)
    ticket = actions.ticket_complete(ticket=ticket, work_record="已协调", actor=world.engineer)
    ticket = actions.ticket_confirm(ticket=ticket, confirmation=f"确认码 {ticket.confirm_code}", actor=world.engineer)
    ticket = actions.ticket_return_slip(ticket=ticket, actor=world.assistant)
    actions.callback_record(
        callback=ticket.callbacks.get(), method="visit", result="satisfied", comment="", actor=world.assistant
    )
    ticket.refresh_from_db()
    assert "verify" not in steps_open_to(world.assistant, ticket) and "close" not in steps_open_to(
        world.assistant, ticket
    )
    assert "verify" in steps_open_to(world.manager, ticket)


def test_from_htmx_a_step_answers_the_panel_and_a_refusal_the_panel_with_its_error(client, world):
    ticket = dispatched(world)
    sign_in(client, "engineer")
    done = client.post(step_url(ticket, "acknowledge"), **HTMX)
    assert done.status_code == 200 and "已接单" in page_text(done) and "<html" not in page_text(done)
    refused = client.post(step_url(ticket, "acknowledge"), **HTMX)
    assert refused.status_code == 400 and "不能接单" in page_text(refused) and "<html" not in page_text(refused)


def test_pause_needs_a_reason_and_resume_restarts_the_clocks(client, world):
    ticket = dispatched(world)
    sign_in(client, "engineer")
    refused = client.post(step_url(ticket, "pause"), {"pause-reason": ""})
    assert refused.status_code == 400 and "暂停须说明原因" in page_text(refused)
    assert client.post(step_url(ticket, "pause"), {"pause-reason": "等待配件"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.paused_since is not None and "已暂停" in page_text(client.get(f"/service/{ticket.pk}/"))
    assert client.post(step_url(ticket, "resume")).status_code == 302
    ticket.refresh_from_db()
    assert ticket.paused_since is None


def test_reopening_from_the_page_needs_a_reason(client, world):
    ticket = returned(world)
    actions.callback_record(
        callback=ticket.callbacks.get(), method="phone", result="basic", comment="", actor=world.assistant
    )
    sign_in(client, "assistant")
    refused = client.post(step_url(ticket, "reopen"), {"reopen-reason": ""})
    assert refused.status_code == 400 and "重开工单须说明原因" in page_text(refused)
    assert client.post(step_url(ticket, "reopen"), {"reopen-reason": "仍漏水"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.REOPENED


def test_after_a_step_the_page_goes_back_where_it_was_asked_to_but_never_off_site(client, world):
    ticket = dispatched(world)
    sign_in(client, "engineer")
    back = client.post(step_url(ticket, "acknowledge"), {"next": "/service/mine/"})
    assert back["Location"] == "/service/mine/"
    away = client.post(step_url(ticket, "arrive"), {"next": "https://evil.example/"})
    assert away["Location"] == f"/service/{ticket.pk}/"


def test_the_ticket_page_shows_its_clocks_and_history(client, world):
    ticket = dispatched(world)
    body = page_text(sign_in(client, "assistant").get(f"/service/{ticket.pk}/"))
    assert "clock-ok" in body and "到场" in body and "剩余" in body
    assert 'data-action="register"' in body and 'data-action="dispatch"' in body
