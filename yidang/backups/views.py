"""The backup status page: the schedule, the last good backup, runs under way with their progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yidang.backups.queries import PERMISSION, backup_health, run_progress, runs_recent


@require_GET
@login_required
@permission_required(PERMISSION, raise_exception=True)
def status(request: HttpRequest) -> HttpResponse:
    runs = list(runs_recent())
    context = {
        "runs": [(run, run_progress(run)) for run in runs],
        "running": any(run.status == "running" for run in runs),
        "health": backup_health(),
        "dest": settings.YIDANG_BACKUP_DEST,
        "keep": settings.YIDANG_BACKUP_KEEP,
        "schedule": settings.YIDANG_BACKUP_SCHEDULE,
        "fixity_schedule": settings.YIDANG_FIXITY_SCHEDULE,
    }
    template = "backups/_runs.html" if request.headers.get("HX-Request") else "backups/status.html"
    return render(request, template, context)
