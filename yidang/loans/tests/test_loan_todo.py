"""Today's work: approvals for heads, the desk's counts for the archivist, one's own overdue loans."""

from __future__ import annotations

import time_machine

from yidang.core.todo import todo_for as home_todo
from yidang.loans.queries import todo_for
from yidang.loans.tests.flow import approved, local, out, requested


def _counts(user) -> dict[str, tuple[int, bool]]:
    return {item.label: (item.count, item.urgent) for item in todo_for(user)}


def test_each_role_sees_what_waits_for_it(world, folder):
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        out(world, folder)
        requested(world, folder, world.assistant)
        approved(world, folder, world.gm)
    with time_machine.travel(local(2026, 11, 20, 9), tick=False):
        assert _counts(world.supervisor)["借阅待审批"] == (1, False)
        archivist = _counts(world.archivist)
        assert archivist["待借出档案"] == (1, False) and archivist["逾期未还档案"] == (1, True)
        assert _counts(world.engineer)["我的借阅已逾期"] == (1, True)
        assert _counts(world.jm_assistant)["借阅待审批"] == (0, False)


def test_the_home_page_list_includes_the_loans(world, folder):
    requested(world, folder)
    assert any(item.label == "借阅待审批" and item.count == 1 for item in home_todo(world.supervisor))
