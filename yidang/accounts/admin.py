from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from yidang.accounts.actions import user_deactivate, user_password_change_record
from yidang.accounts.forms import UserAdminChangeForm
from yidang.accounts.models import User
from yidang.core.errors import DomainError


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminChangeForm
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("一户一档", {"fields": ("display_name", "department", "projects", "password_changed_at")}),
    )
    readonly_fields = ["password_changed_at"]
    list_display = ["username", "display_name", "department", "is_active"]
    filter_horizontal = ["groups", "user_permissions", "projects"]
    actions = ["deactivate_selected"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Deactivation goes through ``user_deactivate`` (exit clearance); the rest saves as usual."""
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True
        super().save_model(request, obj, form, change)
        if deactivating:
            try:
                user_deactivate(user=obj, actor=request.user)
            except DomainError as error:  # a folder went out after the form was checked
                messages.error(request, error.message)
            obj.refresh_from_db(fields=["is_active"])

    @admin.action(description=_("停用所选用户（须已归还全部借阅档案）"), permissions=["change"])
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = 0
        for user in queryset:
            try:
                user_deactivate(user=user, actor=request.user)
                done += 1
            except DomainError as error:
                messages.error(request, error.message)
        if done:
            messages.success(request, _("已停用 %(count)d 个用户。") % {"count": done})

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The admin's password form, audited in the same transaction as the new password."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user_password_change_record(user=User.objects.get(pk=id), actor=request.user)
        return response
