"""Reads that encode who may see which household. Every read path goes through these."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.households.models import Occupancy
from yidang.households.search import current_occupancies_prefetch
from yidang.places.models import Room


def households_visible_to(user: User) -> QuerySet[Room]:
    """Rooms of the user's projects, and only those (an SQL filter, never a per-row check)."""
    if not user.has_perm("households.view_household"):
        return Room.objects.none()
    return Room.objects.filter(project_id__in=project_ids_of(user))


def household_get(user: User, pk: int) -> Room:
    """One household the user may see; any other id answers 404 (never 403 with data)."""
    room = (
        households_visible_to(user)
        .select_related("project", "building", "unit")
        .prefetch_related(current_occupancies_prefetch())
        .filter(pk=pk)
        .first()
    )
    if room is None:
        raise Http404("没有找到该住户")
    return room


def occupancy_history(room: Room) -> QuerySet[Occupancy]:
    return room.occupancies.select_related("person", "organization").order_by("-start_date", "-id")
