from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from yidang.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("一户一档", {"fields": ("display_name", "department", "projects")}))
    list_display = ["username", "display_name", "department", "is_active"]
    filter_horizontal = ["groups", "user_permissions", "projects"]
