from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET

from yidang.accounts.models import User
from yidang.accounts.queries import projects_of, roles_of
from yidang.core.todo import todo_for
from yidang.households.queries import households_visible_to
from yidang.places.models import Building, Occupancy, Project
from yidang.places.queries import projects_visible_to
from yidang.shelving.queries import resolve_code


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and `make run`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


# Role names are group names (data); listed here so makemessages extracts them for English.
ROLE_NAMES = (
    gettext_noop("档案管理员"),
    gettext_noop("客服助理"),
    gettext_noop("客服主管"),
    gettext_noop("客服经理"),
    gettext_noop("总经理"),
    gettext_noop("工程部"),
    gettext_noop("秩序维护部"),
    gettext_noop("保洁部"),
    gettext_noop("财务部"),
)


HOME_BUILDINGS_SHOWN = 40  # a large estate lists the rest on its project page


@dataclass
class ProjectSummary:
    """One project on the home page: its room counts and the buildings whose maps are one click away."""

    project: Project
    rooms: int = 0
    vacant: int = 0
    buildings: list[Building] = field(default_factory=list)
    more_buildings: int = 0

    @property
    def occupied(self) -> int:
        return self.rooms - self.vacant


def project_summaries(user: User) -> list[ProjectSummary]:
    """Room counts per visible project in one grouped query, plus each project's buildings."""
    summaries = {p.id: ProjectSummary(p) for p in projects_visible_to(user).order_by("code")}
    counts = (
        households_visible_to(user)
        .values("project_id")
        .annotate(rooms=Count("id"), vacant=Count("id", filter=Q(occupancy=Occupancy.VACANT)))
        .order_by()
    )
    for row in counts:
        summaries[row["project_id"]].rooms = row["rooms"]
        summaries[row["project_id"]].vacant = row["vacant"]
    for summary in summaries.values():
        summary.buildings, summary.more_buildings = first_buildings(summary.project)
    return list(summaries.values())


def first_buildings(project: Project) -> tuple[list[Building], int]:
    """The first buildings of a project by code, and how many more there are."""
    buildings = project.buildings.order_by("code")
    shown = list(buildings[:HOME_BUILDINGS_SHOWN])
    more = buildings.count() - len(shown) if len(shown) == HOME_BUILDINGS_SHOWN else 0
    return shown, more


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where each role starts: CS staff get counts and quick links; others learn how to ask for access."""
    user: User = request.user  # type: ignore[assignment]
    can_view = user.has_perm("households.view_household")
    summaries = project_summaries(user) if can_view else []
    context = {
        "roles": sorted(gettext(r.value) for r in roles_of(user)),
        "projects": projects_of(user).order_by("code"),
        "can_view_households": can_view,
        "can_import": user.has_perm("households.import_households"),
        "summaries": summaries,
        "todo": todo_for(user),
        "room_count": sum(s.rooms for s in summaries),
        "occupied_count": sum(s.occupied for s in summaries),
        "vacant_count": sum(s.vacant for s in summaries),
    }
    return render(request, "core/home.html", context)


@login_required
def global_search(request: HttpRequest) -> HttpResponse:
    """The header search box: everything a front-desk user may have typed or scanned."""
    query = request.GET.get("q", "").strip()
    jump = resolve_code(request.user, query)  # type: ignore[arg-type]  # an archive number or a scanned label
    if jump is not None:
        return redirect(jump)
    target = reverse("households:search")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)
