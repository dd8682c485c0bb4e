"""Admin: transfer sheets and custody are shown, never edited (the transfer pages and API change them)."""

from __future__ import annotations

from django.contrib import admin

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.transfers.models import Custody, TransferSheet


@admin.register(TransferSheet)
class TransferSheetAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["number", "route", "sender", "sender_name", "receiver", "receiver_name", "status", "sent_at"]
    list_filter = ["status", "route", "project"]
    search_fields = ["number", "sender_name", "receiver_name"]
    date_hierarchy = "sent_at"


@admin.register(Custody)
class CustodyAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "archive__project"
    list_display = ["archive", "document", "holder", "holder_name", "since", "sheet"]
    list_select_related = ["archive", "document", "holder", "sheet"]
    search_fields = ["archive__number", "holder_name"]
