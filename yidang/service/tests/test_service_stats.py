"""The service figures: callback rate, visit share and satisfaction; SLA compliance by department."""

from __future__ import annotations

from datetime import timedelta

from yidang.service import actions
from yidang.service.models import Callback, SlaClock, Ticket
from yidang.service.stats import callback_figures, sla_compliance, tickets_by
from yidang.service.tests.helpers import repair
from yidang.service.tests.test_repair_flow import walk_to_done
from yidang.service.tests.test_sla_clocks import MONDAY_10, on_site


def test_callback_figures_count_done_visits_and_satisfied(world):
    first = walk_to_done(world, repair(world))
    walk_to_done(world, repair(world))
    actions.callback_record(
        callback=first.callbacks.get(), method="visit", result="satisfied", comment="", actor=world.assistant
    )
    figures = callback_figures(Callback.objects.all())
    assert (figures.due, figures.done, figures.callback_rate, figures.visit_share, figures.satisfaction) == (
        2,
        1,
        0.5,
        1.0,
        1.0,
    )


def test_sla_compliance_counts_settled_clocks_on_time_and_breached_by_department(world):
    on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=10))
    on_site(world, repair(world, at=MONDAY_10), MONDAY_10 + timedelta(minutes=30))
    rows = sla_compliance(SlaClock.objects.filter(name="arrival"), by="ticket__department")
    assert [(r["ticket__department"], r["total"], r["breached"], r["rate"]) for r in rows] == [
        ("engineering", 2, 1, 0.5)
    ]


def test_tickets_are_counted_by_category(world):
    repair(world)
    repair(world, cat="停水")
    rows = {r["category__name"]: r["total"] for r in tickets_by(Ticket.objects.all(), "category__name")}
    assert rows == {"给排水": 1, "停水": 1}
