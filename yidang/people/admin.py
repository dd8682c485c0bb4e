from django.contrib import admin

from yidang.core.admin import ProjectScopedAdmin, ReadOnlyAdmin
from yidang.people.models import Organization, Person


@admin.register(Person)
class PersonAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    """People are registered on the household page or by import; ID numbers show masked only.
    Staff see the people of their projects' households."""

    project_path = "occupancies__room__project"

    list_display = ["name", "sex", "id_type", "id_masked", "updated_at"]
    fields = ["name", "sex", "id_type", "id_masked", "native_place", "hukou_place", "birthday", "nationality"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    project_path = "occupancies__room__project"
    list_display = ["name", "uscc", "contact_name"]
    search_fields = ["name", "uscc"]
