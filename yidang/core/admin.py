"""Admin plumbing: setup records edited in the admin still leave their audit rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from yidang.audit.actions import Change, audit_record


def _project_id(obj: Model) -> int | None:
    return getattr(obj, "project_id", None)


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes in one transaction with an audit row naming the changed fields."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
            action = f"{obj._meta.model_name}.{'update' if change else 'create'}"
            audit_record(actor=request.user, change=Change(action, obj, after=after, project_id=_project_id(obj)))

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                change=Change(
                    f"{obj._meta.model_name}.delete", obj, before={"label": str(obj)}, project_id=_project_id(obj)
                ),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the actions layer may change: the admin shows them, nothing more."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
