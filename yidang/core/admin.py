"""Admin plumbing: setup records edited in the admin still leave their audit rows, and staff see in the
admin only what belongs to their projects (``ProjectScopedAdmin``), as on every other read path."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import ForeignKey, ManyToManyField, Model, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.forms import ModelForm
from django.http import HttpRequest

from yidang.accounts.queries import project_ids_of
from yidang.audit.actions import Change, audit_record
from yidang.places.models import Project


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


def _crosses_many(model: type[Model], path: str) -> bool:
    """Whether the lookup ``path`` walks a to-many relation (its filter then repeats rows: distinct)."""
    for name in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def project_scoped(model: type[Model], path: str, user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` narrowed to the rows whose ``path`` leads to one of ``user``'s projects."""
    if user.is_superuser:
        return queryset
    scoped = queryset.filter(**{f"{path}__in": project_ids_of(user)})
    return scoped.distinct() if _crosses_many(model, path) else scoped


class ProjectScopedAdmin(admin.ModelAdmin):
    """A model that belongs to a project: staff see, pick and filter only their projects' rows.

    ``project_path`` is the lookup from the model to its project (``"project"``, ``"room__project"``,
    ``"pk"`` for Project itself, ``"project_id"`` for a plain id column). Superusers see everything.
    A row of another project is simply not there: its change, history and delete pages answer as for
    an unknown id, its name is not in a list filter or a drop-down.
    Put it first among the bases: ``class RoomAdmin(ProjectScopedAdmin, ReadOnlyAdmin)``.
    """

    project_path: str = "project"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return project_scoped(self.model, self.project_path, request.user, super().get_queryset(request))

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Related-object filters list only the objects that occur in the user's rows (not every project)."""
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            return filters
        return [self._related_only(entry) for entry in filters]

    def _related_only(self, entry: Any) -> Any:
        if not isinstance(entry, str):
            return entry
        model: type[Model] = self.model
        for name in entry.split(LOOKUP_SEP):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                return entry
            if not field.is_relation or field.related_model is None:
                return entry
            model = field.related_model
        return (entry, admin.RelatedOnlyFieldListFilter)

    def formfield_for_foreignkey(self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs and (choices := self._choices(db_field.related_model, request.user)) is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs and (choices := self._choices(db_field.related_model, request.user)) is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _choices(self, related: Any, user: Any) -> QuerySet[Any] | None:
        """What a drop-down may offer: the rows of a project-scoped model (or projects) of the user's projects."""
        if user.is_superuser or not (isinstance(related, type) and issubclass(related, Model)):
            return None
        if issubclass(related, Project):
            return project_scoped(related, "pk", user, related._default_manager.all())
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, ProjectScopedAdmin):
            return project_scoped(related, related_admin.project_path, user, related._default_manager.all())
        return None
