"""我的工单: the worker's phone page — the tickets dispatched to them, each with the one big button it waits for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yidang.service.forms import CompleteForm
from yidang.service.listing import running_clocks
from yidang.service.models import TicketStatus
from yidang.service.present import worst_clock
from yidang.service.queries import tickets_visible_to
from yidang.service.views.common import user_of

# The statuses in which a ticket waits for its worker, and the step each one waits for.
NEXT_STEP = {
    TicketStatus.DISPATCHED: "acknowledge",
    TicketStatus.ACKNOWLEDGED: "arrive",
    TicketStatus.ARRIVED: "complete",
    TicketStatus.COMPLETED: "confirm",
}
RECENT_SHOWN = 10


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    assigned = tickets_visible_to(user).filter(assignee=user).select_related("room", "category")
    active = assigned.filter(status__in=list(NEXT_STEP)).prefetch_related(running_clocks()).order_by("dispatched_at")
    now = timezone.now()
    cards = [
        (t, NEXT_STEP[TicketStatus(t.status)], worst_clock(t.running, now, t.paused_since))  # type: ignore[attr-defined]
        for t in active
    ]
    recent = assigned.exclude(status__in=list(NEXT_STEP)).filter(completed_at__isnull=False)
    context = {
        "cards": cards,
        "recent": recent.order_by("-completed_at")[:RECENT_SHOWN],
        "complete_prefix": CompleteForm.step_prefix,
    }
    return render(request, "service/mine.html", context)
