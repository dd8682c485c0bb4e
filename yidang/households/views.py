from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yidang.accounts.queries import project_ids_of
from yidang.households.models import EmergencyContact, Vehicle
from yidang.households.queries import household_get, occupancy_history
from yidang.households.search import search_households

PAGE_SIZE = 20


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_search(request: HttpRequest) -> HttpResponse:
    """Find a household by room, name, pinyin, phone tail, plate or ID number."""
    query = request.GET.get("q", "").strip()[:50]
    page_number = _page_number(request)
    found = search_households(
        query, project_ids_of(request.user), offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )  # type: ignore[arg-type]
    paginator = Paginator(range(found.count), PAGE_SIZE)
    page = paginator.get_page(page_number) if found.count else None
    context = {"query": query, "rooms": found.rooms, "count": found.count, "page": page}
    template = "households/_results.html" if request.headers.get("HX-Request") else "households/search.html"
    return render(request, template, context)


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    room = household_get(request.user, pk)  # type: ignore[arg-type]
    context = {
        "room": room,
        "history": occupancy_history(room),
        "contacts": EmergencyContact.objects.filter(room=room),
        "vehicles": Vehicle.objects.filter(room=room),
        "parking": room.parking_spaces.all(),
        "vip": getattr(room, "vip_profile", None) if request.user.has_perm("households.view_vipprofile") else None,
    }
    return render(request, "households/detail.html", context)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1
