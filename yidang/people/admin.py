from django.contrib import admin

from yidang.core.admin import ReadOnlyAdmin
from yidang.people.models import Organization, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """People are registered on the household page or by import; ID numbers show masked only."""

    list_display = ["name", "sex", "id_type", "id_masked", "updated_at"]
    fields = ["name", "sex", "id_type", "id_masked", "native_place", "hukou_place", "birthday", "nationality"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "uscc", "contact_name"]
    search_fields = ["name", "uscc"]
