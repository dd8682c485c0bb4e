"""A sweep's breaches reach the project's heads as one digest per batch; the assignee still hears of each clock."""

from __future__ import annotations

from datetime import timedelta

from tests.world import make_user
from yidang.accounts.roles import Role
from yidang.notifications.models import Notification
from yidang.service.sla import sla_sweep
from yidang.service.tests.helpers import repair
from yidang.service.tests.test_sla_clocks import MONDAY_10

LATE = MONDAY_10 + timedelta(minutes=30)  # every arrival clock (20 minutes) is past, no completion clock is


def late_repairs(world, count):
    return [repair(world, at=MONDAY_10 + timedelta(seconds=i)) for i in range(count)]


def breach_notices(user):
    return list(Notification.objects.filter(user=user, key__startswith="sla-breach").order_by("id"))


def test_the_heads_get_one_digest_naming_how_many_tickets_are_late_and_the_first_five(world):
    numbers = [t.number for t in late_repairs(world, 7)]
    assert sla_sweep(now=LATE)["breached"] == 7
    for head in (world.supervisor, world.manager):
        [digest] = breach_notices(head)
        assert digest.text == f"华苑小区：7 张工单超时：{'、'.join(numbers[:5])} 等"
        assert digest.url == "/service/?status=open&sla=late"


def test_a_digest_of_a_few_late_tickets_names_them_all(world):
    numbers = [t.number for t in late_repairs(world, 2)]
    sla_sweep(now=LATE)
    assert [n.text for n in breach_notices(world.supervisor)] == [f"华苑小区：2 张工单超时：{'、'.join(numbers)}"]


def test_whoever_answers_for_the_ticket_still_hears_of_each_late_clock(world):
    late_repairs(world, 7)
    sla_sweep(now=LATE)
    assert len(breach_notices(world.assistant)) == 7  # the assistant registered them; no one is dispatched


def test_a_second_sweep_tells_the_heads_nothing_new(world):
    late_repairs(world, 3)
    sla_sweep(now=LATE)
    assert sla_sweep(now=LATE + timedelta(minutes=1)) == {"warned": 0, "breached": 0}
    assert len(breach_notices(world.supervisor)) == 1


def test_each_batch_of_a_long_sweep_is_a_digest_of_its_own(world):
    late_repairs(world, 7)
    sla_sweep(now=LATE, batch=3)
    counts = [n.text.split("：")[1] for n in breach_notices(world.manager)]
    assert counts == ["3 张工单超时", "3 张工单超时", "1 张工单超时"]


def test_the_heads_of_another_project_hear_nothing(world):
    jm_head = make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm])
    late_repairs(world, 2)
    sla_sweep(now=LATE)
    assert breach_notices(jm_head) == [] and len(breach_notices(world.supervisor)) == 1
