from django.contrib import admin

from yidang.core.admin import AuditedAdmin, ProjectScopedAdmin, ReadOnlyAdmin
from yidang.places.models import Building, Company, Project, Room, Unit


@admin.register(Company)
class CompanyAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(Project)
class ProjectAdmin(ProjectScopedAdmin, AuditedAdmin):
    project_path = "pk"
    list_display = ["code", "name", "form", "use", "company"]
    search_fields = ["code", "name"]


@admin.register(Building)
class BuildingAdmin(ProjectScopedAdmin, AuditedAdmin):
    list_display = ["project", "code", "name", "floors_above", "floors_below"]
    list_filter = ["project"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(ProjectScopedAdmin, AuditedAdmin):
    project_path = "building__project"
    list_display = ["building", "code"]
    list_filter = ["building__project"]


@admin.register(Room)
class RoomAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    """Rooms are created and changed by imports and the household page (the actions layer)."""

    list_display = ["code", "project", "floor", "area", "use", "occupancy"]
    list_filter = ["project", "use", "occupancy"]
    search_fields = ["code"]
