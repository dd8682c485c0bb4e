from django.contrib import admin

from yidang.audit.models import AuditEvent
from yidang.core.admin import ProjectScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ProjectScopedAdmin):
    """Read-only: the audit trail is append-only. Staff see their projects' rows (superusers all)."""

    project_path = "project_id"

    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_label", "object_id"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
