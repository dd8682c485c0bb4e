"""The dispatch step's history names the department as people read it (工程部), not its code."""

from __future__ import annotations

from yidang.service.models import TicketStep
from yidang.service.tests.page_helpers import dispatched
from yidang.timeline.models import TimelineEvent


def test_dispatch_history_names_the_department_by_its_label(world):
    ticket = dispatched(world)
    note = TicketStep.objects.get(ticket=ticket, action="dispatch").note
    assert note.startswith("工程部 ") and "engineering" not in note
    summary = TimelineEvent.objects.filter(room=world.rooms["hy1503"]).latest("id").summary
    assert "工程部" in summary and "engineering" not in summary
