"""Admin: loss and damage reports are shown, never edited (the report pages change them)."""

from __future__ import annotations

from django.contrib import admin

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.incidents.models import IncidentReport


@admin.register(IncidentReport)
class IncidentReportAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["id", "archive", "kind", "cause", "status", "found_at", "recorded_by", "loan"]
    list_filter = ["kind", "cause", "status", "project"]
    list_select_related = ["archive", "recorded_by"]
    search_fields = ["archive__number", "note", "police_report_no"]
    date_hierarchy = "recorded_at"
