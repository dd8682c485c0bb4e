from django.contrib import admin

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.households.models import Occupancy, ParkingSpace, Vehicle


@admin.register(Occupancy)
class OccupancyAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "room__project"
    list_display = ["room", "role", "person", "organization", "start_date", "end_date"]
    list_filter = ["role", "room__project"]
    list_select_related = ["room", "person", "organization"]


@admin.register(Vehicle)
class VehicleAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "room__project"
    list_display = ["plate", "kind", "room"]
    search_fields = ["plate"]


@admin.register(ParkingSpace)
class ParkingSpaceAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    list_display = ["code", "project", "tenure", "room", "permit_no"]
    list_filter = ["project", "tenure"]
