from django.contrib import admin

from yidang.places.models import Building, Company, Project, Room, Unit


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "form", "use", "company"]
    search_fields = ["code", "name"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["project", "code", "name", "floors_above"]
    list_filter = ["project"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["building", "code"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    """Rooms are read here; they are created and changed through imports and the actions layer."""

    list_display = ["code", "project", "floor", "area", "use", "occupancy"]
    list_filter = ["project", "use", "occupancy"]
    search_fields = ["code"]
    readonly_fields = ["project", "building", "unit", "floor", "number", "code", "occupancy"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
