"""Admin: the calendar's exception days, edited by hand for a year ``chinesecalendar`` lacks (audited)."""

from __future__ import annotations

from django.contrib import admin

from yidang.core.admin import AuditedAdmin
from yidang.workdays.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["-date"]
