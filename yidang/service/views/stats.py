"""客服统计: 报修记录统计表, 投诉登记表, 投诉统计表 and 服务时限达成率 over a period and project, as pages with bar
charts and as Excel (each export in the audit trail and the usage ledger of every project it covers)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yidang.accounts.queries import projects_of
from yidang.service.exports import XLSX, stats_workbook
from yidang.service.queries import tickets_visible_to
from yidang.service.reports import (
    REGISTER_SHOWN,
    REPORTS,
    SECTIONS_OF,
    Period,
    complaint_register,
    period_of,
    register_row,
)
from yidang.service.views.common import user_of, view_required
from yidang.service.views.printouts import pdf_response
from yidang.usage.actions import usage_export_record, usage_record, usage_record_per_project
from yidang.usage.models import UsageKind


def _scope(request: HttpRequest) -> tuple[str, Period, Any, Any, Any]:
    """The report asked for, its period, the user's projects, the one picked (or none: all) and the tickets."""
    user = user_of(request)
    report = request.GET.get("report", "repairs")
    report = report if report in REPORTS else "repairs"
    period = period_of(request.GET.get("from", ""), request.GET.get("to", ""))
    projects = projects_of(user).order_by("code")
    raw = request.GET.get("project", "")
    project = projects.filter(pk=int(raw)).first() if raw.isdigit() else None
    tickets = tickets_visible_to(user)
    if project is not None:
        tickets = tickets.filter(project=project)
    return report, period, projects, project, tickets


@require_GET
@login_required
@view_required
def stats(request: HttpRequest) -> HttpResponse:
    report, period, projects, project, tickets = _scope(request)
    context: dict[str, Any] = {
        "report": report,
        "reports": REPORTS.items(),
        "title": REPORTS[report],
        "period": period,
        "projects": projects,
        "project": project,
        "query": request.GET.urlencode(),
    }
    if report == "register":
        rows = complaint_register(tickets, period)
        context["register"] = [(t, register_row(t)) for t in rows[:REGISTER_SHOWN]]
        context["register_total"] = rows.count()
        context["register_shown"] = REGISTER_SHOWN
    else:
        context["sections"] = SECTIONS_OF[report](tickets, period)
    return render(request, "service/stats.html", context)


@require_GET
@login_required
@view_required
def stats_export(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    report, period, projects, project, tickets = _scope(request)
    name = str(REPORTS[report])
    if report == "register":
        body = stats_workbook(name, period, [], complaint_register(tickets, period).iterator(chunk_size=500))
    else:
        body = stats_workbook(name, period, SECTIONS_OF[report](tickets, period))
    what = _("%(r)s（Excel）%(p)s") % {"r": name, "p": period.label}
    if project is not None:
        usage_record(user=user, kind=UsageKind.EXPORT, project_id=project.pk, what=what)
    else:
        usage_record_per_project(user=user, kind=UsageKind.EXPORT, what_by_project={p.pk: what for p in projects})
    scope = [project.code] if project else [p.code for p in projects]
    usage_export_record(
        actor=user, what="export.service_stats", data={"report": report, "period": period.label, "projects": scope}
    )
    suffix = project.code if project else "all"
    return pdf_response(body, f"{name}-{suffix}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx", XLSX)
