"""SLA clocks with injected time: on time, warned, breached, paused, and counted on the working calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from yidang.notifications.models import Notification
from yidang.service import actions
from yidang.service.models import SlaPolicy
from yidang.service.sla import sla_sweep
from yidang.service.tests.helpers import complaint, repair
from yidang.workdays.models import CalendarDay

SH = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 11, 16, 10, 0, tzinfo=SH)


def on_site(world, ticket, at):
    ticket = actions.ticket_dispatch(
        ticket=ticket, department="engineering", assignee=world.engineer, actor=world.assistant, at=at
    )
    ticket = actions.ticket_acknowledge(ticket=ticket, actor=world.engineer, at=at)
    return actions.ticket_arrive(ticket=ticket, actor=world.engineer, at=at)


def test_an_ordinary_repair_must_be_reached_in_20_minutes_and_done_in_2_days(world):
    ticket = repair(world, at=MONDAY_10)
    due = {c.name: c.due_at for c in ticket.clocks.all()}
    assert due == {"arrival": MONDAY_10 + timedelta(minutes=20), "completion": MONDAY_10 + timedelta(days=2)}


def test_arriving_on_time_settles_the_arrival_clock_without_a_breach(world):
    ticket = on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=15))
    clock = ticket.clocks.get(name="arrival")
    assert clock.stopped_at == MONDAY_10 + timedelta(minutes=15)
    assert clock.breached_at is None and clock.next_check_at is None


def test_the_worker_is_warned_once_when_a_fifth_of_the_time_is_left(world):
    ticket = actions.ticket_dispatch(
        ticket=repair(world, at=MONDAY_10),
        department="engineering",
        assignee=world.engineer,
        actor=world.assistant,
        at=MONDAY_10,
    )
    assert sla_sweep(now=MONDAY_10 + timedelta(minutes=15))["warned"] == 0
    assert sla_sweep(now=MONDAY_10 + timedelta(minutes=16))["warned"] == 1
    assert sla_sweep(now=MONDAY_10 + timedelta(minutes=17))["warned"] == 0
    notices = Notification.objects.filter(user=world.engineer, key__startswith="sla-warn")
    assert [n.text for n in notices] == [f"工单 {ticket.number} 到场时限将于 11-16 10:20 到期"]


def test_a_missed_deadline_is_a_breach_and_the_heads_hear_of_it(world):
    repair(world, at=MONDAY_10)
    assert sla_sweep(now=MONDAY_10 + timedelta(minutes=21))["breached"] == 1
    told = set(Notification.objects.filter(key__startswith="sla-breach").values_list("user__username", flat=True))
    assert told == {"assistant", "supervisor", "manager"}


def test_arriving_late_is_a_breach_even_if_no_sweep_ran(world):
    ticket = on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=45))
    assert ticket.clocks.get(name="arrival").breached_at == MONDAY_10 + timedelta(minutes=20)


def test_a_breach_is_explained_with_a_reason(world):
    ticket = on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=45))
    from yidang.service.sla import sla_breach_explain

    clock = sla_breach_explain(
        clock=ticket.clocks.get(name="arrival"), reason="电梯故障，步行上楼", actor=world.supervisor
    )
    assert clock.breach_reason == "电梯故障，步行上楼"


def test_a_pause_moves_the_deadline_on_by_the_time_paused(world):
    ticket = repair(world, at=MONDAY_10)
    actions.ticket_pause(
        ticket=ticket, reason="业主不在家，约定 10:35", actor=world.assistant, at=MONDAY_10 + timedelta(minutes=5)
    )
    assert sla_sweep(now=MONDAY_10 + timedelta(minutes=30)) == {"warned": 0, "breached": 0}
    actions.ticket_resume(ticket=ticket, actor=world.assistant, at=MONDAY_10 + timedelta(minutes=35))
    clock = ticket.clocks.get(name="arrival")
    assert clock.due_at == MONDAY_10 + timedelta(minutes=50) and clock.paused_seconds == 30 * 60


def test_a_minor_repair_reported_after_hours_is_due_at_the_end_of_the_next_working_day(world):
    friday_evening = datetime(2026, 11, 20, 19, 0, tzinfo=SH)
    ticket = repair(world, priority="minor", at=friday_evening)
    assert ticket.clocks.get(name="completion").due_at == datetime(2026, 11, 23, 18, 0, tzinfo=SH)


def test_a_policy_on_the_working_calendar_skips_a_holiday(world):
    SlaPolicy.objects.filter(kind="repair", priority="ordinary", clock="completion").update(working_calendar=True)
    CalendarDay.objects.update_or_create(
        date=datetime(2026, 11, 17).date(), defaults={"is_workday": False, "name": "测试假日"}
    )
    ticket = repair(world, at=MONDAY_10)
    # Monday + 2 working days, Tuesday off: Wednesday, Thursday → Thursday 18:00.
    assert ticket.clocks.get(name="completion").due_at == datetime(2026, 11, 19, 18, 0, tzinfo=SH)


def test_a_complaint_gets_feedback_within_24_hours_and_closure_within_12_days(world):
    ticket = complaint(world, at=MONDAY_10)
    due = {c.name: c.due_at for c in ticket.clocks.all()}
    assert due == {"feedback": MONDAY_10 + timedelta(hours=24), "closure": MONDAY_10 + timedelta(days=12)}
    actions.ticket_feedback(
        ticket=ticket, note="已致电说明处理安排", actor=world.assistant, at=MONDAY_10 + timedelta(hours=3)
    )
    assert ticket.clocks.get(name="feedback").stopped_at == MONDAY_10 + timedelta(hours=3)


@pytest.mark.parametrize("rule, lead", [("30", timedelta(minutes=20)), ("50%", timedelta(minutes=10))])
def test_the_warning_lead_is_a_setting(world, settings, rule, lead):
    settings.YIDANG_SLA_WARN = rule
    ticket = repair(world, at=MONDAY_10)
    clock = ticket.clocks.get(name="arrival")
    assert clock.due_at - clock.warn_at == lead  # never before the clock started
