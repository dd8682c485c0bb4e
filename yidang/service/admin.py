"""Admin: categories, SLA policies and survey questions are configuration (audited); tickets are shown only.

Tickets, clocks and callbacks change only through the flow's actions, so the admin offers them read-only.
"""

from __future__ import annotations

from django.contrib import admin

from yidang.core.admin import AuditedAdmin, ProjectScopedAdmin, ReadOnlyAdmin
from yidang.service.models import Callback, SlaPolicy, SurveyCampaign, SurveyQuestion, Ticket, TicketCategory


@admin.register(TicketCategory)
class TicketCategoryAdmin(AuditedAdmin):
    list_display = ["name", "kinds", "visit_callback", "department", "order", "active"]
    list_editable = ["visit_callback", "order", "active"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdmin):
    list_display = ["kind", "priority", "clock", "minutes", "same_day", "working_calendar", "active"]
    list_editable = ["minutes", "same_day", "working_calendar", "active"]
    list_filter = ["kind"]


@admin.register(Ticket)
class TicketAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["number", "kind", "category", "priority", "status", "registered_at", "project"]
    list_filter = ["kind", "status", "project"]
    search_fields = ["number"]


@admin.register(Callback)
class CallbackAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["ticket", "due_at", "method", "result", "done_at"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(SurveyCampaign)
class SurveyCampaignAdmin(ProjectScopedAdmin, AuditedAdmin):
    list_display = ["name", "project", "starts_on", "ends_on", "status", "household_count"]
    inlines = [SurveyQuestionInline]
    readonly_fields = ["household_count", "created_by"]
