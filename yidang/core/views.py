from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from yidang.accounts.queries import projects_of, roles_of
from yidang.households.queries import households_visible_to
from yidang.places.models import Occupancy


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and `make run`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Today's work for the signed-in user's role."""
    user = request.user
    households = households_visible_to(user)  # type: ignore[arg-type]
    context = {
        "roles": sorted(r.value for r in roles_of(user)),  # type: ignore[arg-type]
        "projects": projects_of(user).order_by("code"),  # type: ignore[arg-type]
        "can_view_households": user.has_perm("households.view_household"),
        "household_count": households.count(),
        "vacant_count": households.filter(occupancy=Occupancy.VACANT).count(),
    }
    return render(request, "core/home.html", context)


@login_required
def global_search(request: HttpRequest) -> HttpResponse:
    """The header search box: everything a front-desk user may have typed or scanned."""
    query = request.GET.get("q", "").strip()
    target = reverse("households:search")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)
