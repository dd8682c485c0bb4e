from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yidang.places.models import Occupancy
from yidang.places.queries import (
    building_floors,
    buildings_visible_to,
    buildings_with_counts,
    project_get,
    projects_visible_to,
)


@login_required
@permission_required("households.view_household", raise_exception=True)
def project_list(request: HttpRequest) -> HttpResponse:
    projects = projects_visible_to(request.user).order_by("code")  # type: ignore[arg-type]
    return render(request, "places/projects.html", {"projects": projects})


@login_required
@permission_required("households.view_household", raise_exception=True)
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = project_get(request.user, code)  # type: ignore[arg-type]
    return render(request, "places/project.html", {"project": project, "buildings": buildings_with_counts(project)})


@login_required
@permission_required("households.view_household", raise_exception=True)
def building_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Floor-by-floor grid of a building's rooms, coloured by occupancy."""
    building = buildings_visible_to(request.user).select_related("project").filter(pk=pk).first()  # type: ignore[arg-type]
    if building is None:
        raise Http404("没有找到该楼栋")
    context = {"building": building, "floors": building_floors(building), "legend": Occupancy.choices}
    return render(request, "places/building.html", context)
