"""Places and moves in the admin, to look things up: changes go through the storage pages (their actions
keep paths, codes and the history right)."""

from django.contrib import admin

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.shelving.models import FolderMove, Location


@admin.register(Location)
class LocationAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "project", "category", "year"]
    list_filter = ["project", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["project", "category"]


@admin.register(FolderMove)
class FolderMoveAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "archive__project"
    list_display = ["archive", "from_location", "to_location", "moved_by", "moved_at", "reason"]
    list_filter = ["archive__project"]
    search_fields = ["archive__number"]
    list_select_related = ["archive", "from_location", "to_location", "moved_by"]
