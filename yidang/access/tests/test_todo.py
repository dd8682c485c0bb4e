"""Today's work: approvals waiting for the approver, open grants for the reader, visitors and copies for the desk."""

from __future__ import annotations

from django.urls import reverse

from yidang.access.queries import todo_for
from yidang.access.tests.conftest import approved_staff_request, staff_request
from yidang.core.todo import todo_for as home_todo


def _counts(user) -> dict[str, int]:
    return {item.url: item.count for item in todo_for(user)}


def test_the_supervisor_sees_the_approvals_waiting_and_the_engineer_the_open_grant(world, hy1503):
    staff_request(world)
    approved_staff_request(world)

    assert _counts(world.supervisor)[reverse("access:approvals")] == 1
    assert _counts(world.manager)[reverse("access:approvals")] == 1
    assert _counts(world.engineer) == {reverse("access:approvals"): 0, reverse("access:mine"): 1}
    assert _counts(world.assistant)[reverse("access:approvals")] == 0


def test_the_home_page_lists_them(client, world, hy1503):
    staff_request(world)
    client.force_login(world.supervisor)

    assert [(i.label, i.count) for i in home_todo(world.supervisor) if "审批" in i.label] == [
        ("待审批的查阅、复制申请", 1)
    ]
    assert "待审批的查阅、复制申请" in client.get(reverse("home")).content.decode()
