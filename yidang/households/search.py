"""Household search over the SearchToken table, and keeping that table up to date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Min, Prefetch, Q, QuerySet, Value, When

from yidang.core.bulk import bulk_insert
from yidang.households.models import Occupancy, SearchToken, Vehicle
from yidang.households.tokens import PREFIX_END, HouseholdText, Lookup, lookups_for, tokens_for
from yidang.people import crypto
from yidang.people.idnumbers import normalize_id
from yidang.places.models import Room


def _lookup_q(lookup: Lookup) -> Q:
    if lookup.prefix:
        return Q(kind=lookup.kind, token__gte=lookup.value, token__lt=lookup.value + PREFIX_END)
    return Q(kind=lookup.kind, token=lookup.value)


def _id_hash_for(query: str) -> str | None:
    number = normalize_id(query)
    return crypto.lookup_hash(number) if 6 <= len(number) <= 20 and any(c.isdigit() for c in number) else None


def matching_rooms(query: str, project_ids: Sequence[int]) -> QuerySet[Any, Any]:
    """Room ids matching ``query`` within ``project_ids``, best rank first (``room_id``, ``rank``)."""
    lookups = lookups_for(query, _id_hash_for(query))
    if not lookups or not project_ids:
        return SearchToken.objects.none().values("room_id").annotate(rank=Min("kind"))
    where = Q()
    for lookup in lookups:
        where |= _lookup_q(lookup)
    rank = Case(*[When(_lookup_q(lk), then=Value(lk.rank)) for lk in lookups], output_field=IntegerField())
    return (
        SearchToken.objects.filter(where, project_id__in=list(project_ids))
        .values("room_id")
        .annotate(rank=Min(rank))
        .order_by("rank", "room_id")
    )


def count_matches(query: str, project_ids: Sequence[int]) -> int:
    lookups = lookups_for(query, _id_hash_for(query))
    if not lookups or not project_ids:
        return 0
    where = Q()
    for lookup in lookups:
        where |= _lookup_q(lookup)
    return SearchToken.objects.filter(where, project_id__in=list(project_ids)).values("room_id").distinct().count()


@dataclass
class SearchPage:
    rooms: list[Room]
    count: int


def search_households(query: str, project_ids: Sequence[int], *, offset: int = 0, limit: int = 20) -> SearchPage:
    """One page of matching rooms with their current occupants, and the total count."""
    ranked = list(matching_rooms(query, project_ids)[offset : offset + limit])
    ids = [row["room_id"] for row in ranked]
    rooms = (
        Room.objects.filter(id__in=ids)
        .select_related("building", "project")
        .prefetch_related(current_occupancies_prefetch())
    )
    by_id = {room.id: room for room in rooms}
    short_page = len(ids) < limit and (ids or offset == 0)
    count = len(ids) + offset if short_page else count_matches(query, project_ids)
    return SearchPage(rooms=[by_id[i] for i in ids if i in by_id], count=count)


# Owners first, then co-owners, tenants, commercial occupants, family members.
ROLE_ORDER = Case(
    *[When(role=role, then=Value(i)) for i, role in enumerate(["owner", "co_owner", "tenant", "commercial", "family"])],
    default=Value(9),
    output_field=IntegerField(),
)


def current_occupancies_prefetch() -> Prefetch:
    """Prefetch a room's current occupancies (with person / organization) as ``room.current_occupancies``."""
    return Prefetch(
        "occupancies",
        queryset=Occupancy.objects.filter(end_date__isnull=True)
        .select_related("person", "organization")
        .order_by(ROLE_ORDER, "id"),
        to_attr="current_occupancies",
    )


def household_texts(room_ids: Iterable[int]) -> dict[int, HouseholdText]:
    """What is searchable about each room, read from the database."""
    rooms = Room.objects.filter(id__in=list(room_ids)).select_related("building")
    texts = {r.id: HouseholdText(room_code=r.code, building_code=r.building.code, room_number=r.number) for r in rooms}
    current = Occupancy.objects.filter(room_id__in=texts, end_date__isnull=True).select_related(
        "person", "organization"
    )
    for occ in current:
        text = texts[occ.room_id]
        if occ.person:
            text.names.append(occ.person.name)
            text.phones += [p for p in (occ.person.phone, occ.person.phone2) if p]
            text.id_hashes.append(occ.person.id_hash)
        elif occ.organization:
            text.names += [occ.organization.name, occ.organization.contact_name]
            text.phones.append(occ.organization.contact_phone)
    for vehicle in Vehicle.objects.filter(room_id__in=texts).only("room_id", "plate"):
        texts[vehicle.room_id].plates.append(vehicle.plate)
    return texts


def search_reindex(room_ids: Iterable[int]) -> int:
    """Rebuild the tokens of these rooms. Call inside the action's transaction."""
    ids = list(room_ids)
    if not ids:
        return 0
    projects = dict(Room.objects.filter(id__in=ids).values_list("id", "project_id"))
    texts = household_texts(ids)
    SearchToken.objects.filter(room_id__in=ids).delete()
    return write_tokens((room_id, projects[room_id], text) for room_id, text in texts.items())


def write_tokens(households: Iterable[tuple[int, int, HouseholdText]]) -> int:
    """Insert the tokens of (room_id, project_id, text) triples; rooms must have none yet."""
    rows = (
        (project_id, token, kind, room_id)
        for room_id, project_id, text in households
        for token, kind in tokens_for(text)
    )
    return bulk_insert(SearchToken, ["project_id", "token", "kind", "room_id"], rows)
