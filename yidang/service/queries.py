"""Reads of the service desk that encode who may see what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.accounts.roles import Role
from yidang.core.todo import TodoItem
from yidang.service.flow import steps_available
from yidang.service.models import (
    OPEN_STATUSES,
    Callback,
    CampaignStatus,
    Priority,
    SlaClock,
    SurveyCampaign,
    Ticket,
    TicketKind,
    TicketStatus,
)


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """CS staff see their projects' tickets; anyone else only the tickets dispatched to them."""
    if not user.is_authenticated or not user.is_active:
        return Ticket.objects.none()
    projects = project_ids_of(user)
    if user.has_perm("service.view_ticket"):
        return Ticket.objects.filter(project_id__in=projects)
    return Ticket.objects.filter(project_id__in=projects, assignee=user)


def project_heads(project_id: int) -> list[Any]:
    """The active CS supervisors and managers of a project: who hears of breaches and dissatisfied owners."""
    heads = User.objects.filter(
        Q(groups__name__in=[Role.CS_SUPERVISOR.value, Role.CS_MANAGER.value]), projects=project_id, is_active=True
    )
    return list(heads.distinct())


# ---- pages and API (the desk's lists, the buttons a user may press, today's work) -------------------


def ticket_get(user: User, pk: int) -> Ticket:
    """One ticket the user may see; any other id answers 404 (never a 403 that confirms it exists)."""
    ticket = (
        tickets_visible_to(user)
        .select_related(
            "project", "room__building", "category", "assignee", "registered_by", "verified_by", "document__archive"
        )
        .filter(pk=pk)
        .first()
    )
    if ticket is None:
        raise Http404("没有找到该工单")
    return ticket


def callbacks_visible_to(user: User) -> QuerySet[Callback]:
    """The callbacks of the user's projects, for customer-service staff (and the GM, who reads them)."""
    if not user.is_authenticated or not user.is_active or not user.has_perm("service.view_ticket"):
        return Callback.objects.none()
    return Callback.objects.filter(project_id__in=project_ids_of(user))


def campaigns_visible_to(user: User) -> QuerySet[SurveyCampaign]:
    """The satisfaction surveys of the user's projects, for those who read the desk (CS staff and the GM)."""
    if not user.is_authenticated or not user.is_active or not user.has_perm("service.view_ticket"):
        return SurveyCampaign.objects.none()
    return SurveyCampaign.objects.filter(project_id__in=project_ids_of(user))


def campaign_get(user: User, pk: int) -> SurveyCampaign:
    """One survey the user may see; any other id answers 404."""
    campaign = campaigns_visible_to(user).select_related("project", "created_by").filter(pk=pk).first()
    if campaign is None:
        raise Http404("没有找到该调查")
    return campaign


def campaigns_below_target(user: User) -> int:
    """Open surveys already under way whose coverage is still under the 95 % target (one query)."""
    from django.db.models import Count, F

    from yidang.service.stats import SURVEY_COVERAGE_TARGET

    today = timezone.localdate()
    running = campaigns_visible_to(user).filter(status=CampaignStatus.OPEN, starts_on__lte=today)
    counted = running.annotate(answered=Count("responses"))
    return counted.filter(answered__lt=F("household_count") * SURVEY_COVERAGE_TARGET).count()


# Who takes which step: the flow table says when, this says who (the actions check the same again).
_WORKER_STEPS = frozenset({"acknowledge", "arrive", "complete"})
_CS_STEPS = frozenset({"accept", "reject", "dispatch", "return_slip", "callback", "close", "reopen"})


def steps_open_to(user: User, ticket: Ticket) -> list[str]:
    """The steps ``user`` may take on ``ticket`` now: the flow's steps for its status, filtered by the actor,
    plus feedback (complaints and other non-repair tickets) and pause / resume."""
    if ticket.project_id not in project_ids_of(user):
        return []
    cs = user.has_perm("service.handle_ticket")
    mine = ticket.assignee_id is not None and ticket.assignee_id == user.pk
    steps = [name for name in steps_available(ticket) if _may_take(user, ticket, name, cs=cs, mine=mine)]
    if ticket.status != TicketStatus.CLOSED:
        if cs and ticket.kind != TicketKind.REPAIR:
            steps.append("feedback")
        if cs or mine:
            steps.append("resume" if ticket.paused_since else "pause")
    return steps


def _may_take(user: User, ticket: Ticket, name: str, *, cs: bool, mine: bool) -> bool:
    if name in _WORKER_STEPS:
        return mine
    if name == "confirm":
        return mine or cs
    if name == "verify":
        return user.has_perm("service.verify_complaint")
    if name == "accept" and ticket.priority == Priority.MAJOR:
        return cs and user.has_perm("service.verify_complaint")
    return name in _CS_STEPS and cs


def awaiting_dispatch() -> Q:
    """Tickets that wait for customer service to send someone: new repairs, accepted complaints, reopened ones."""
    return (
        Q(kind=TicketKind.REPAIR, status=TicketStatus.REGISTERED)
        | Q(kind=TicketKind.COMPLAINT, status=TicketStatus.ACCEPTED)
        | Q(kind__in=[TicketKind.REPAIR, TicketKind.COMPLAINT], status=TicketStatus.REOPENED)
    )


def running_out(tickets: QuerySet[Ticket], now: datetime) -> QuerySet[Ticket]:
    """The open tickets among ``tickets`` with a clock still running whose warning time has come (warned, or
    already overdue). Open tickets by the status index first; each one's clocks by the (ticket, name) index."""
    late = SlaClock.objects.filter(ticket=OuterRef("pk"), stopped_at__isnull=True, warn_at__lte=now)
    return tickets.filter(status__in=OPEN_STATUSES).filter(Exists(late))


def todo_for(user: User) -> list[TodoItem]:
    """The desk's part of the home page: tickets to dispatch, my tickets to acknowledge, clocks about to break,
    callbacks due. Each line one indexed COUNT."""
    if not user.is_authenticated or not user.is_active:
        return []
    tickets = tickets_visible_to(user)
    to_acknowledge = tickets.filter(assignee=user, status=TicketStatus.DISPATCHED).count()
    items = [TodoItem(_("待接单的派工"), to_acknowledge, reverse("service:mine"))]
    if user.has_perm("service.handle_ticket"):
        to_dispatch = tickets.filter(awaiting_dispatch()).count()
        items.append(TodoItem(_("待派工的工单"), to_dispatch, reverse("service:list") + "?status=dispatch"))
        due = callbacks_visible_to(user).filter(done_at__isnull=True).count()
        items.append(TodoItem(_("待回访"), due, reverse("service:callbacks")))
        low = campaigns_below_target(user)
        items.append(TodoItem(_("覆盖率未达 95% 的满意度调查"), low, reverse("service:surveys")))
    late = running_out(tickets, timezone.now()).count()
    items.append(TodoItem(_("即将超时或已超时的工单"), late, reverse("service:list") + "?sla=on", urgent=True))
    return items
