"""Admin: inspections are shown, never edited (the inspection pages change them through the actions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.inspections.models import ChaseTask, Inspection, InspectionPlan, InspectionProposal, InspectionRecord


@admin.register(InspectionProposal)
class InspectionProposalAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["building", "reason", "rooms", "occupied", "first_move_in", "status", "proposed_at"]
    list_filter = ["status", "reason", "project"]


@admin.register(Inspection)
class InspectionAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["id", "project", "kind", "building", "period", "seed", "status", "started_at"]
    list_filter = ["kind", "status", "project"]


@admin.register(InspectionRecord)
class InspectionRecordAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["inspection", "archive", "status", "inspector", "inspected_at"]
    list_filter = ["status"]
    list_select_related = ["inspection", "archive", "inspector"]


@admin.register(ChaseTask)
class ChaseTaskAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["archive", "finding", "owner", "due_at", "status", "closed_at"]
    list_filter = ["status", "project"]
    list_select_related = ["archive", "finding__doc_type", "owner"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """All of a project's chase tasks are for inspection readers; an owner sees their own on the pages."""
        return request.user.has_perm("inspections.view_inspection") and super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("inspections.view_inspection") and super().has_module_permission(request)


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["project", "year", "status", "approved_by", "approved_at"]
    list_filter = ["status", "project"]
