"""The bulk ticket seed writes rows the service desk's actions could have written: the flow table's steps,
the fields each step sets, the clocks the policies start, the callbacks — and the sweep works on them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from yidang.demo.tickets import tickets_seed
from yidang.notifications.models import Notification
from yidang.service.actions import PREFIX
from yidang.service.flow import STEPS
from yidang.service.models import Callback, SlaClock, SlaPolicy, Ticket, TicketKind, TicketStatus, TicketStep
from yidang.service.sla import due_for, sla_sweep, warn_at_for

NOW = timezone.make_aware(datetime(2026, 11, 20, 10, 30))
TICKETS, OPEN = 900, 300


@pytest.fixture
def tickets(db, settings, media):
    settings.YIDANG_DEMO = True
    call_command("seed_demo", households=300, if_empty=True, verbosity=0)
    return tickets_seed(tickets=TICKETS, open_tickets=OPEN, now=NOW, steps="all")


def test_the_seed_writes_the_asked_numbers_of_tickets_and_open_tickets(tickets):
    assert Ticket.objects.count() == TICKETS
    assert Ticket.objects.exclude(status=TicketStatus.CLOSED).count() == OPEN
    assert set(Ticket.objects.values_list("project__code", flat=True)) == {"HY", "JM"}
    assert Ticket.objects.filter(registered_at__gt=NOW).count() == 0
    assert Ticket.objects.filter(registered_at__lt=NOW - timedelta(days=731)).count() == 0


def test_every_status_and_kind_is_there(tickets):
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert statuses == set(TicketStatus.values)
    assert set(Ticket.objects.values_list("kind", flat=True)) == {
        "repair",
        "complaint",
        "enquiry",
        "suggestion",
        "praise",
    }


def test_seeded_tickets_pass_the_models_validation(tickets):
    for ticket in Ticket.objects.order_by("?")[:80]:
        ticket.full_clean(exclude=["valid"])  # empty until a complaint is judged, as ticket_register leaves it
    for clock in SlaClock.objects.order_by("?")[:80]:
        clock.full_clean()
    for callback in Callback.objects.order_by("?")[:80]:
        callback.full_clean()


def test_ticket_numbers_are_made_as_registering_makes_them(tickets):
    for ticket in Ticket.objects.all():
        assert (
            ticket.number
            == f"{PREFIX[TicketKind(ticket.kind)]}{timezone.localdate(ticket.registered_at):%Y%m%d}{ticket.pk:06d}"
        )


def test_each_tickets_steps_follow_the_flow_table_to_its_status(tickets):
    steps: dict[int, list[TicketStep]] = {}
    for step in TicketStep.objects.order_by("ticket_id", "at", "id"):
        steps.setdefault(step.ticket_id, []).append(step)
    for ticket in Ticket.objects.all():
        history = steps[ticket.pk]
        assert history[0].action == "register" and history[0].to_status == TicketStatus.REGISTERED
        status: str = TicketStatus.REGISTERED
        for step in history[1:]:
            assert step.from_status == status
            if step.action in STEPS:
                assert status in STEPS[step.action].allowed_from(ticket.kind), (ticket.number, step.action, status)
                assert step.to_status == STEPS[step.action].target
            else:
                assert step.action in {"feedback", "pause"} and step.to_status == status
            status = step.to_status
        assert status == ticket.status
        times = [s.at for s in history]
        assert times == sorted(times) and times[-1] <= NOW


def test_the_fields_each_step_sets_are_set(tickets):
    for ticket in Ticket.objects.all():
        taken = set(TicketStep.objects.filter(ticket=ticket).values_list("action", flat=True))
        assert (ticket.assignee_id is not None) == ("dispatch" in taken)
        assert (ticket.dispatched_at is not None) == ("dispatch" in taken)
        assert (ticket.arrived_at is not None) == ("arrive" in taken)
        assert (ticket.completed_at is not None) == bool(ticket.work_record) == ("complete" in taken)
        assert (ticket.closed_at is not None) == (ticket.status == TicketStatus.CLOSED)
        assert Callback.objects.filter(ticket=ticket).exists() == ("return_slip" in taken)
        if "callback" in taken:
            assert Callback.objects.get(ticket=ticket).done_at is not None
        assert (ticket.reopen_count == 1) == ("reopen" in taken)


def test_the_clocks_are_those_the_policies_start_stopped_by_their_steps(tickets):
    policies = list(SlaPolicy.objects.filter(active=True))
    for ticket in Ticket.objects.prefetch_related("clocks"):
        expected = {
            p.clock: due_for(p, ticket.registered_at)
            for p in policies
            if p.kind == ticket.kind and p.priority == ticket.priority and due_for(p, ticket.registered_at)
        }
        if ticket.deadline_at is not None:
            expected["closure"] = ticket.deadline_at
        clocks = {c.name: c for c in ticket.clocks.all()}
        assert {name: c.due_at for name, c in clocks.items()} == expected
        for clock in clocks.values():
            assert clock.warn_at == warn_at_for(clock.started_at, clock.due_at)
            if ticket.status == TicketStatus.CLOSED:
                assert clock.stopped_at is not None and clock.next_check_at is None
            if clock.stopped_at is not None:
                assert (clock.breached_at is not None) == (clock.stopped_at > clock.due_at)
            elif ticket.paused_since is None:
                assert clock.next_check_at == clock.warn_at and clock.breached_at is None


def test_the_sweep_warns_and_breaches_the_open_tickets_clocks_once(tickets):
    due = SlaClock.objects.filter(next_check_at__lte=NOW).count()
    assert due > 0
    first = sla_sweep(now=NOW)
    assert first["warned"] + first["breached"] == due
    sent = Notification.objects.count()
    assert sent >= due
    assert sla_sweep(now=NOW) == {"warned": 0, "breached": 0}
    assert Notification.objects.count() == sent
