"""Admin: categories and document types are configuration (audited); files are shown, never edited.

Nothing here deletes: documents leave the archive only through a disposal process of their own,
and a category or type in use is retired by making it not required rather than by deleting it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from yidang.archive.models import Archive, Category, ChecklistItem, Document, DocumentType, Scan
from yidang.core.admin import AuditedAdmin, ProjectScopedAdmin, ReadOnlyAdmin

CHECKLIST_RULES = {"required", "condition", "required_form", "original_required"}


class NoDeleteAuditedAdmin(AuditedAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(NoDeleteAuditedAdmin):
    list_display = ["name", "code", "sort"]
    list_editable = ["sort"]
    ordering = ["sort", "code"]


@admin.register(DocumentType)
class DocumentTypeAdmin(NoDeleteAuditedAdmin):
    list_display = [
        "name",
        "code",
        "category",
        "required",
        "condition",
        "required_form",
        "original_required",
        "retention_class",
        "confidentiality",
    ]
    list_filter = ["category", "required", "condition", "required_form", "retention_class"]
    list_select_related = ["category"]
    search_fields = ["name", "code"]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        """A change to the checklist rules re-derives every file's checklist in the background."""
        super().save_model(request, obj, form, change)
        if CHECKLIST_RULES & set(form.changed_data) and (change or obj.required):
            from yidang.archive.tasks import checklists_refresh_task

            transaction.on_commit(checklists_refresh_task)
            messages.info(request, _("目录规则已修改：正在后台重新核对所有档案的目录清单"))


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["doc_type", "satisfied"]
    readonly_fields = ["doc_type", "satisfied"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Archive)
class ArchiveAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["number", "room", "project", "status", "satisfied_count", "required_count", "location"]
    list_filter = ["project", "status"]
    list_select_related = ["room", "project", "location"]
    search_fields = ["number"]
    inlines = [ChecklistInline]


@admin.register(Document)
class DocumentAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "archive__project"
    list_display = ["archive", "item_no", "title", "doc_type", "is_original", "paper_present", "scan_count"]
    list_filter = ["doc_type__category", "is_original", "paper_present"]
    list_select_related = ["archive", "doc_type"]
    search_fields = ["archive__number", "title"]


@admin.register(Scan)
class ScanAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "document__archive__project"
    list_display = ["document", "version", "content_type", "size", "sha256", "uploaded_at", "fixity_ok"]
    list_filter = ["content_type", "fixity_ok"]
    list_select_related = ["document__archive"]
    search_fields = ["sha256", "document__archive__number"]
