"""Ticket pages: the desk's list, registering a ticket, a ticket's page (its panel), the owner's signature."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yidang.accounts.queries import project_ids_of, projects_of
from yidang.core.errors import DomainError
from yidang.households.queries import households_visible_to
from yidang.households.search import FoundRoom, current_occupancies_prefetch, search_households
from yidang.people.phones import mask_phone
from yidang.places.models import Room
from yidang.service import actions
from yidang.service.filing import FILED_AS
from yidang.service.forms import FilterForm, TicketForm
from yidang.service.listing import TicketFilter, status_ranges, ticket_page, tickets_filtered
from yidang.service.models import Ticket, TicketStatus
from yidang.service.present import clock_view, department_label, signature_path, step_label, ticket_rows
from yidang.service.queries import steps_open_to, ticket_get, tickets_visible_to
from yidang.service.views.common import handle_required, is_htmx, user_of, view_required
from yidang.service.views.steps import Refused, step_forms
from yidang.timeline.present import register_link

ROOMS_SHOWN = 8


@register_link("service.ticket")
def _to_ticket(event: Any, targets: Any) -> str | None:
    """A ticket's events on the household timeline link to the ticket."""
    return reverse("service:detail", args=[event.object_id]) if str(event.object_id).isdigit() else None


# ---- the list ----------------------------------------------------------------------------------------


@login_required
@view_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    """The desk's tickets, newest first, filtered; pages continue after the last ticket shown (no counting)."""
    user = user_of(request)
    form = FilterForm(request.GET or None, project_ids=project_ids_of(user))
    wanted = form.ticket_filter() if form.is_bound else TicketFilter()
    page = ticket_page(
        tickets_filtered(tickets_visible_to(user), wanted, user),
        after=request.GET.get("after", ""),
        ranges=status_ranges(wanted),
        project_ids=project_ids_of(user),
    )
    now = timezone.now()
    following, first = request.GET.copy(), request.GET.copy()
    following["after"] = page.next_cursor
    first.pop("after", None)
    context = {
        "form": form,
        "rows": ticket_rows(page.tickets, now),
        "next_query": following.urlencode() if page.next_cursor else "",
        "first_query": first.urlencode(),
        "can_register": user.has_perm("service.handle_ticket"),
    }
    template = "service/_rows.html" if is_htmx(request) else "service/list.html"
    return render(request, template, context)


# ---- registering -------------------------------------------------------------------------------------


def _household(request: HttpRequest, room_id: Any) -> Room | None:
    """The household picked for the ticket, with its current occupants, if the user may see it."""
    if not str(room_id or "").isdigit():
        return None
    rooms = households_visible_to(user_of(request)).select_related("project", "building")
    return rooms.prefetch_related(current_occupancies_prefetch()).filter(pk=int(room_id)).first()


def owner_of(room: Room | FoundRoom) -> Any:
    """The current owner (or first occupant) of a room: who is prefilled as the reporter."""
    occupancies = getattr(room, "current_occupancies", [])
    return occupancies[0].occupant if occupancies else None


@login_required
@handle_required
def ticket_new(request: HttpRequest) -> HttpResponse:
    """Register a ticket: pick the household by the household search (or name a common-area place)."""
    user = user_of(request)
    projects = projects_of(user).order_by("code")
    room = _household(request, request.POST.get("room") if request.method == "POST" else request.GET.get("room"))
    initial: dict[str, Any] = {"kind": request.GET.get("kind") or "repair"}
    if room is not None:
        owner = owner_of(room)
        initial.update(room=room.pk, project=room.project, reporter_name=owner.name if owner else "")
    form = TicketForm(request.POST or None, user=user, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = actions.ticket_register(data=form.ticket_data(), project=form.cleaned_data["project"], actor=user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields and exc.field != "room" else None, exc.message)
        else:
            messages.success(request, _("已登记工单 %(n)s") % {"n": ticket.number})
            return redirect("service:detail", pk=ticket.pk)
    owner = owner_of(room) if room else None
    context = {
        "form": form,
        "picker": _picker(request, request.GET.get("find", "")) if room is None else None,
        "room": room,
        "owner": owner,
        "owner_phone": mask_phone(getattr(owner, "phone", "") or getattr(owner, "contact_phone", "") or ""),
    }
    return render(request, "service/new.html", context, status=400 if form.is_bound else 200)


@require_GET
@login_required
@handle_required
def room_pick(request: HttpRequest) -> HttpResponse:
    """The household search, as the register form's picker (an htmx fragment)."""
    return render(request, "service/_room_pick.html", _picker(request, request.GET.get("find", "")))


def _picker(request: HttpRequest, raw: str) -> dict[str, Any]:
    """The households a query finds, each with its owner, as the picker lists them."""
    query = raw.strip()[:50]
    found = search_households(query, project_ids_of(user_of(request)), limit=ROOMS_SHOWN) if query else None
    rooms = [(room, owner_of(room)) for room in found.rooms] if found else []
    return {"query": query, "rooms": rooms, "more": found.count - len(rooms) if found else 0}


# ---- one ticket --------------------------------------------------------------------------------------


@login_required
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = ticket_get(user_of(request), pk)
    return render(request, "service/detail.html", detail_context(request, ticket))


def detail_context(
    request: HttpRequest, ticket: Ticket, refused: Refused | None = None, notice: str = ""
) -> dict[str, Any]:
    """Everything the ticket's panel shows; ``refused``: a step that came back with errors."""

    user = user_of(request)
    now = timezone.now()
    clocks = ticket.clocks.order_by("started_at", "name")
    history = ticket.steps.select_related("actor").order_by("at", "id")
    is_worker = ticket.assignee_id == user.pk
    steps = step_forms(ticket, user, steps_open_to(user, ticket), refused)
    return {
        "ticket": ticket,
        "steps": steps,
        # a refused step that is not (or no longer) offered still says why, above the buttons
        "refusal": refused.messages if refused and not any(s.open for s in steps) else [],
        "clocks": [clock_view(c, now, ticket.paused_since) for c in clocks],
        "history": [(s, step_label(s.action)) for s in history],
        "callbacks": ticket.callbacks.select_related("done_by").order_by("created_at"),
        "department": department_label(ticket.department),
        "has_signature": signature_path(ticket) is not None,
        "show_phone": is_worker or user.has_perm("service.handle_ticket"),
        "is_worker": is_worker,
        # CS reads the code to the owner (by phone); the worker on site must hear it back from the owner.
        "confirm_code": ticket.confirm_code
        if ticket.status == TicketStatus.COMPLETED and not is_worker and user.has_perm("service.handle_ticket")
        else "",
        "printable": ticket.kind in FILED_AS and user.has_perm("service.view_ticket"),
        "filed": ticket.document if ticket.document_id else None,
        "notice": notice,
    }


@require_GET
@login_required
def signature(request: HttpRequest, pk: int) -> FileResponse:
    """The owner's signature image, for those who may see the ticket."""
    ticket = ticket_get(user_of(request), pk)
    path = signature_path(ticket)
    if path is None or not default_storage.exists(path):
        raise Http404(_("没有签名图片"))
    return FileResponse(default_storage.open(path, "rb"), content_type="image/png")
