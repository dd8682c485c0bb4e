"""Reads that encode who may see what."""

from __future__ import annotations

from django.db.models import QuerySet

from yidang.accounts.models import User
from yidang.accounts.roles import CS_ROLES, Role
from yidang.places.models import Project


def projects_of(user: User) -> QuerySet[Project]:
    """The projects a user works in. Superusers see all of them."""
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(staff=user)


def project_ids_of(user: User) -> list[int]:
    cached = getattr(user, "_yidang_project_ids", None)
    if cached is None:
        cached = list(projects_of(user).values_list("id", flat=True))
        user._yidang_project_ids = cached  # type: ignore[attr-defined]
    return cached


def roles_of(user: User) -> set[Role]:
    names = set(user.groups.values_list("name", flat=True))
    return {role for role in Role if role.value in names}


def is_customer_service(user: User) -> bool:
    return user.is_superuser or bool(roles_of(user) & CS_ROLES)
