"""Household search over the SearchToken table, and keeping that table up to date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, Min, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from yidang.archive.models import Archive, Document
from yidang.core.bulk import bulk_insert
from yidang.households.models import Occupancy, SearchToken, TokenKind, Vehicle
from yidang.households.tokens import (
    DOCUMENT_RANK,
    MAX_TEXT_TOKEN,
    PREFIX_END,
    HouseholdText,
    Lookup,
    document_extra_text,
    lookups_for,
    normalize,
    text_tokens,
    tokens_for,
)
from yidang.people import crypto
from yidang.people.idnumbers import normalize_id
from yidang.places.models import Room


def _lookup_q(lookup: Lookup) -> Q:
    if lookup.prefix:
        return Q(kind=lookup.kind, token__gte=lookup.value, token__lt=lookup.value + PREFIX_END)
    return Q(kind=lookup.kind, token=lookup.value)


def _where(lookups: list[Lookup]) -> Q:
    """Lookups of several kinds on the same token range as one index range each (kind is not in the index)."""
    kinds: dict[tuple[str, bool], list[int]] = {}
    for lookup in lookups:
        kinds.setdefault((lookup.value, lookup.prefix), []).append(lookup.kind)
    where = Q()
    for (value, prefix), same in kinds.items():
        token = Q(token__gte=value, token__lt=value + PREFIX_END) if prefix else Q(token=value)
        where |= token & (Q(kind=same[0]) if len(same) == 1 else Q(kind__in=same))
    return where


def _id_hash_for(query: str) -> str | None:
    number = normalize_id(query)
    return crypto.lookup_hash(number) if 6 <= len(number) <= 20 and any(c.isdigit() for c in number) else None


def matching_rooms(query: str, project_ids: Sequence[int]) -> QuerySet[Any, Any]:
    """Room ids matching ``query`` within ``project_ids``, best rank first (``room_id``, ``rank``)."""
    lookups = lookups_for(query, _id_hash_for(query))
    if not lookups or not project_ids:
        return SearchToken.objects.none().values("room_id").annotate(rank=Min("kind"))
    where = _where(lookups)
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
    return (
        SearchToken.objects.filter(_where(lookups), project_id__in=list(project_ids))
        .values("room_id")
        .distinct()
        .count()
    )


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
    found = [by_id[i] for i in ids if i in by_id]
    _mark_matches(query, found, {row["room_id"]: row["rank"] for row in ranked})
    return SearchPage(rooms=found, count=count)


def _mark_matches(query: str, rooms: list[Room], ranks: dict[int, int]) -> None:
    """Give each room ``search_matches``: the archive number or documents the query matched,
    so a result found by a document note says why (``文件：装修图纸（阳台改造）``)."""
    q = normalize(query)
    for room in rooms:
        room.search_matches = []  # type: ignore[attr-defined]
    numbers = dict(
        Archive.objects.filter(room_id__in=[r.id for r in rooms if ranks.get(r.id, 9) <= 1]).values_list(
            "room_id", "number"
        )
    )
    for room in rooms:
        if q and normalize(numbers.get(room.id, "")).startswith(q):
            room.search_matches.append(_("档案号：%(n)s") % {"n": numbers[room.id]})  # type: ignore[attr-defined]
    by_id = {r.id: r for r in rooms}
    for room_id, line in _document_matches(q, [r.id for r in rooms if ranks.get(r.id) == DOCUMENT_RANK]):
        by_id[room_id].search_matches.append(line)  # type: ignore[attr-defined]


MATCHED_DOCUMENTS_SHOWN = 3


def _document_matches(q: str, room_ids: list[int]) -> Iterator[tuple[int, str]]:
    """(room id, "文件：title（备注：note）") for the documents of these rooms whose text matched."""
    q = q[:MAX_TEXT_TOKEN]
    shown: dict[int, int] = {}
    for room_id, title, note, type_name in _documents_with_text(room_ids).order_by("archive__room_id", "item_no"):
        title_hit = any(t.startswith(q) for t in text_tokens(document_extra_text(title, type_name)))
        note_hit = any(t.startswith(q) for t in text_tokens(note))
        if (title_hit or note_hit) and shown.get(room_id, 0) < MATCHED_DOCUMENTS_SHOWN:
            shown[room_id] = shown.get(room_id, 0) + 1
            if note_hit:
                yield room_id, _("文件：%(t)s（备注：%(n)s）") % {"t": title, "n": note}
            else:
                yield room_id, _("文件：%(t)s") % {"t": title}


def _documents_with_text(room_ids: Iterable[int]) -> QuerySet[Any, Any]:
    """(room id, title, note, type name) of the documents whose note or title say more than their type."""
    return _with_text(Document.objects.filter(archive__room_id__in=list(room_ids)))


def _with_text(documents: QuerySet[Document]) -> QuerySet[Any, Any]:
    """Destroyed documents say nothing any more (their ghost stays on the file's catalogue)."""
    return (
        documents.filter(destroyed_at__isnull=True)
        .exclude(Q(note="") & Q(title=F("doc_type__name")))
        .values_list("archive__room_id", "title", "note", "doc_type__name")
    )


def document_texts(title: str, note: str, type_name: str) -> list[str]:
    """What search indexes of one document: its note and what its title says beyond its type."""
    return [t for t in (document_extra_text(title, type_name), note) if t]


def search_documents_reindex(archive: Archive) -> int:
    """Bring the document tokens of one file up to date; the rest of the household's tokens stay.

    The cheap path for document actions: two indexed reads, and writes only for what changed
    (filing a document whose title is its type's name and that has no note writes nothing).
    Returns the number of tokens added or removed. Call inside the action's transaction.
    """
    wanted: set[str] = set()
    for _room_id, title, note, type_name in _with_text(Document.objects.filter(archive=archive)):
        for text in document_texts(title, note, type_name):
            wanted |= text_tokens(text)
    stale: list[int] = []
    for pk, token in SearchToken.objects.filter(room_id=archive.room_id, kind=TokenKind.DOCUMENT).values_list(
        "id", "token"
    ):
        if token in wanted:
            wanted.discard(token)  # a second copy of the same token is stale
        else:
            stale.append(pk)
    if stale:
        SearchToken.objects.filter(id__in=stale).delete()
    new = [
        SearchToken(project_id=archive.project_id, room_id=archive.room_id, kind=TokenKind.DOCUMENT, token=t)
        for t in sorted(wanted)
    ]
    SearchToken.objects.bulk_create(new, batch_size=1000)
    return len(stale) + len(new)


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
    for room_id, number in Archive.objects.filter(room_id__in=texts).values_list("room_id", "number"):
        texts[room_id].archive_number = number
    for room_id, title, note, type_name in _documents_with_text(texts):
        texts[room_id].document_texts += document_texts(title, note, type_name)
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


def archive_tokens_write(archives: Iterable[tuple[int, int, str]]) -> int:
    """Tokens of newly opened files, as (room_id, project_id, archive number): for bulk openings
    (``archive.bulk.archives_open_bulk``) whose rooms' other tokens are already written."""
    rows = ((project_id, normalize(number), TokenKind.ARCHIVE, room_id) for room_id, project_id, number in archives)
    return bulk_insert(SearchToken, ["project_id", "token", "kind", "room_id"], rows)


def document_tokens_write(documents: Iterable[tuple[int, int, str, str, str]]) -> int:
    """Tokens of documents filed in bulk (demo seed, benchmark) whose rooms have no document tokens yet.

    Rows are (room_id, project_id, title, note, type name), one room's documents next to each other
    (a room's repeated words are written once). Documents whose title is their type's name and
    that have no note — most of them — write nothing.
    """

    def rows() -> Iterator[tuple[int, str, int, int]]:
        room: int | None = None
        seen: set[str] = set()
        for room_id, project_id, title, note, type_name in documents:
            if room_id != room:
                room, seen = room_id, set()
            for text in document_texts(title, note, type_name):
                for token in text_tokens(text) - seen:
                    seen.add(token)
                    yield (project_id, token, TokenKind.DOCUMENT, room_id)

    return bulk_insert(SearchToken, ["project_id", "token", "kind", "room_id"], rows())


MAX_PAGE = 10_000


def parse_page(raw: str | None) -> int:
    """A page number from a query string: 1 when absent or not a number, capped so OFFSET stays sane."""
    raw = (raw or "").strip()
    return min(max(1, int(raw)), MAX_PAGE) if raw.isdigit() and len(raw) <= 6 else 1
