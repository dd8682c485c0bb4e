"""Admin: holds, appraisals, destruction lists and ghosts are shown, never edited or deleted.

Every change goes through the retention pages and API (``yidang.retention.actions``); a ghost is the
permanent record of a destruction. Staff see only their projects' rows (``ProjectScopedAdmin``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.retention.models import Appraisal, AppraisalItem, DestructionList, DocumentGhost, Hold


@admin.register(Hold)
class HoldAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["archive", "document", "reason", "placed_by", "placed_at", "released_by", "released_at"]
    list_filter = ["project"]
    list_select_related = ["archive", "document", "placed_by", "released_by"]
    search_fields = ["archive__number", "reason"]
    date_hierarchy = "placed_at"


class AppraisalItemInline(admin.TabularInline):
    model = AppraisalItem
    fields = ["document", "expired_on", "decision", "keep_until", "reason", "decided_by", "decided_at", "on_list"]
    readonly_fields = ["document", "expired_on", "decision", "keep_until", "reason", "decided_by", "decided_at"]
    readonly_fields += ["on_list"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appraisal)
class AppraisalAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["number", "project", "status", "created_at", "closed_at", "closed_by"]
    list_filter = ["status", "project"]
    list_select_related = ["project", "closed_by"]
    search_fields = ["number"]
    inlines = [AppraisalItemInline]


@admin.register(DestructionList)
class DestructionListAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["number", "project", "status", "submitted_at", "due_at", "decided_by", "destroyed_at"]
    list_display += ["destroyed_count", "withheld_count"]
    list_filter = ["status", "method", "project"]
    list_select_related = ["project", "decided_by"]
    search_fields = ["number"]


@admin.register(DocumentGhost)
class DocumentGhostAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["archive_number", "item_no", "title", "doc_type", "destroyed_at", "method", "destruction_list"]
    list_filter = ["method", "project"]
    list_select_related = ["destruction_list"]
    search_fields = ["archive_number", "title"]
    date_hierarchy = "destroyed_at"
