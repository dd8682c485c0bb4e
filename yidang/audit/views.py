"""The audit search page (审计日志): who did what to which object, when — newest first."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yidang.accounts.models import User
from yidang.audit.forms import AuditFilterForm
from yidang.audit.models import AuditEvent
from yidang.audit.queries import SEARCH_PERMISSION, DiffLine, audit_search, change_lines, object_types
from yidang.households.search import parse_page
from yidang.places.models import Project

PAGE_SIZE = 50


@dataclass(frozen=True)
class Shown:
    """One audit row as the page shows it."""

    event: AuditEvent
    type_name: str
    project: str
    lines: list[DiffLine]


@require_GET
@login_required
@permission_required(SEARCH_PERMISSION, raise_exception=True)
def search(request: HttpRequest) -> HttpResponse:
    """Filter by person, action, object and time; pages of 50 without counting every match."""
    form = AuditFilterForm(request.GET)
    user: User = request.user  # type: ignore[assignment]
    page = parse_page(request.GET.get("page"))
    start = (page - 1) * PAGE_SIZE
    found = list(audit_search(user, form.filters())[start : start + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "rows": _shown(found[:PAGE_SIZE]),
        "page": page,
        "has_next": len(found) > PAGE_SIZE,
        "first": start + 1,
        "query": query.urlencode(),
    }
    template = "audit/_results.html" if request.headers.get("HX-Request") else "audit/search.html"
    return render(request, template, context)


def _shown(events: list[AuditEvent]) -> list[Shown]:
    names = dict(object_types())
    ids = {e.project_id for e in events if e.project_id is not None}
    projects = {p.pk: p.name for p in Project.objects.filter(pk__in=ids)}
    return [
        Shown(
            e,
            names.get(e.object_type, e.object_type),
            projects.get(e.project_id or 0, ""),
            change_lines(e.before, e.after),
        )
        for e in events
    ]
