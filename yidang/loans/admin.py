"""Admin: loans are shown, never edited (the loan pages and API change them)."""

from __future__ import annotations

from django.contrib import admin

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.loans.models import Loan


@admin.register(Loan)
class LoanAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["id", "archive", "borrower", "status", "out_of_room", "checked_out_at", "due_at", "returned_at"]
    list_filter = ["status", "out_of_room", "same_day", "project"]
    list_select_related = ["archive", "borrower"]
    search_fields = ["archive__number", "borrower__username", "borrower__display_name"]
    date_hierarchy = "requested_at"
