"""The home page's to-do lines of the desk: tickets to dispatch, my dispatches to acknowledge, clocks running out,
callbacks due — each moves as the work is done."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from yidang.service import actions
from yidang.service.queries import todo_for
from yidang.service.tests.helpers import repair
from yidang.service.tests.page_helpers import dispatched, returned, sign_in


def counts(user) -> dict[str, int]:
    return {item.label: item.count for item in todo_for(user)}


def test_the_desk_sees_what_waits_for_dispatch_and_callback(world):
    repair(world)
    returned(world)
    assert counts(world.assistant) == {
        "待接单的派工": 0,
        "待派工的工单": 1,
        "待回访": 1,
        "即将超时或已超时的工单": 0,
        "覆盖率未达 95% 的满意度调查": 0,
    }


def test_the_worker_sees_their_dispatches_to_acknowledge(world):
    ticket = dispatched(world)
    assert counts(world.engineer)["待接单的派工"] == 1
    actions.ticket_acknowledge(ticket=ticket, actor=world.engineer)
    assert counts(world.engineer)["待接单的派工"] == 0


def test_a_clock_running_out_is_an_urgent_line(world):
    repair(world, at=timezone.now() - timedelta(minutes=18))  # 20-minute arrival clock, warned at 16
    urgent = [i for i in todo_for(world.assistant) if i.urgent]
    assert [(i.label, i.count) for i in urgent] == [("即将超时或已超时的工单", 1)]


def test_another_project_sees_none_of_it(world):
    repair(world)
    returned(world)
    assert set(counts(world.jm_assistant).values()) == {0}


def test_the_home_page_lists_the_lines(client, world):
    repair(world)
    body = sign_in(client, "assistant").get("/").content.decode()
    assert "待派工的工单" in body and "/service/?status=dispatch" in body
