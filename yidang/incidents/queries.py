"""Reads of loss and damage reports, scoped to the user's projects in SQL."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from yidang.accounts.queries import project_ids_of
from yidang.archive.models import Archive
from yidang.core.todo import TodoItem
from yidang.incidents.models import Cause, IncidentKind, IncidentReport, IncidentStatus


def incidents_visible_to(user: Any) -> QuerySet[IncidentReport]:
    """Reports of the user's projects: all of them with ``view_incidentreport``, else those they filed."""
    if not getattr(user, "is_authenticated", False):
        return IncidentReport.objects.none()
    qs = IncidentReport.objects.filter(project_id__in=project_ids_of(user))
    if user.has_perm("incidents.view_incidentreport"):
        return qs
    return qs.filter(recorded_by=user)


def incident_get(user: Any, pk: int) -> IncidentReport:
    report = (
        incidents_visible_to(user)
        .select_related("archive__room", "project", "recorded_by", "closed_by", "loan")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("没有找到该缺损报告"))
    return report


def reportable_archive_get(user: Any, pk: int) -> Archive:
    """A file of the user's projects that the user may report a loss of; any other answers 404."""
    if not user.has_perm("incidents.add_incidentreport"):
        raise Http404(_("没有找到该档案"))
    archive = Archive.objects.select_related("room", "project").filter(pk=pk, project_id__in=project_ids_of(user))
    found = archive.first()
    if found is None:
        raise Http404(_("没有找到该档案"))
    return found


def damaged_document_ids(archive: Archive) -> set[int]:
    """Papers of the file named by an open damage report: their condition is 损坏 until it is closed."""
    open_damage = IncidentReport.objects.filter(archive=archive, kind=IncidentKind.DAMAGED, status=IncidentStatus.OPEN)
    return set(open_damage.values_list("documents", flat=True))


def open_incidents_of(archive: Archive) -> QuerySet[IncidentReport]:
    return IncidentReport.objects.filter(archive=archive, status=IncidentStatus.OPEN).order_by("-recorded_at")


def todo_for(user: Any) -> list[TodoItem]:
    """Open reports for those who handle them; thefts not yet reported to the police are urgent."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("incidents.handle_incidentreport"):
        return []
    mine = IncidentReport.objects.filter(project_id__in=project_ids_of(user), status=IncidentStatus.OPEN)
    theft = mine.filter(Q(cause=Cause.THEFT) & (Q(police_report_no="") | Q(management_reported_at__isnull=True)))
    url = reverse("incidents:list")
    return [
        TodoItem(label=_("被盗待报警、上报"), count=theft.count(), url=url + "?status=open", urgent=True),
        TodoItem(label=_("处理中的档案缺损报告"), count=mine.count(), url=url + "?status=open"),
    ]
