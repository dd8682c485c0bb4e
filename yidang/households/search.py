"""Household search over the SearchToken table, and keeping that table up to date."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from yidang.archive.models import Archive, Document
from yidang.core.bulk import bulk_insert, bulk_insert_while
from yidang.households.models import Occupancy, OccupantRole, SearchToken, TokenKind, Vehicle
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
from yidang.places.models import Occupancy as RoomOccupancy
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
    """Room ids matching ``query`` within ``project_ids``, best rank first (``room_id``, ``rank``).

    The whole ranked set as one aggregate: for callers that want a queryset (the service desk
    filters tickets by it). ``search_households`` fetches its page tier by tier instead.
    """
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


# Beyond this many matches the count says "1,000+": counting every match of a broad query
# ("lj", "201" over 20 projects) costs more than the page itself and helps nobody.
COUNT_CAP = 1000
_TABLE = SearchToken._meta.db_table


def _branches(lookups: Sequence[Lookup], project_ids: Sequence[int], *, room: str = "room_id") -> tuple[str, list[Any]]:
    """``SELECT <room> AS room_id`` of the tokens these lookups match, one index range per (value,
    prefix), joined by UNION ALL so each branch is an index(-only) scan of ``searchtoken_lookup``."""
    kinds: dict[tuple[str, bool], list[int]] = {}
    for lookup in lookups:
        kinds.setdefault((lookup.value, lookup.prefix), []).append(int(lookup.kind))
    projects = ", ".join(["%s"] * len(project_ids))
    parts, params = [], []
    for (value, prefix), same in kinds.items():
        token = "token >= %s AND token < %s" if prefix else "token = %s"
        kind = ", ".join(["%s"] * len(same))
        parts.append(
            f"SELECT {room} AS room_id FROM {_TABLE} WHERE project_id IN ({projects}) AND {token} AND kind IN ({kind})"
        )
        params += [*project_ids, *((value, value + PREFIX_END) if prefix else (value,)), *same]
    return " UNION ALL ".join(parts), params


def _tiers(lookups: Sequence[Lookup], project_ids: Sequence[int], limit: int) -> dict[int, list[int]]:
    """For each rank, the first ``limit`` distinct rooms its lookups match, by room id: one statement.

    ``room_id + 0`` keeps the planner from walking the room_id index in order hoping to meet
    matches early (with none, that read the whole table: 1.8 s instead of 0.03 ms).
    """
    by_rank: dict[int, list[Lookup]] = {}
    for lookup in lookups:
        by_rank.setdefault(lookup.rank, []).append(lookup)
    parts, params = [], []
    for rank, same in sorted(by_rank.items()):
        branches, branch_params = _branches(same, project_ids, room="room_id + 0")
        parts.append(
            f"SELECT {int(rank)} AS rank, room_id FROM (SELECT DISTINCT room_id FROM ({branches}) m"
            f" ORDER BY room_id LIMIT %s) t{int(rank)}"
        )
        params += [*branch_params, limit]
    found: dict[int, list[int]] = {rank: [] for rank in by_rank}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for rank, room_id in cursor.fetchall():
            found[rank].append(room_id)
    return {rank: sorted(ids) for rank, ids in sorted(found.items())}


def _ranked_page(
    lookups: Sequence[Lookup], project_ids: Sequence[int], offset: int, limit: int, cap: int
) -> tuple[list[tuple[int, int]], int, bool]:
    """(room id, rank) of the page, ordered by (best rank, room id); the count; whether it is capped.

    One statement: each rank's tier is read in room order with a LIMIT one past ``cap`` (at
    least the page's end). When no tier reaches its LIMIT, every match was read and the count is
    exact; otherwise more than ``cap`` rooms match. A room placed by a better tier is dropped
    from worse ones, and a cut tier still fills the page, since at most the rooms already placed
    can come back in it.
    """
    need = offset + limit
    cap = max(cap, need)
    seen: set[int] = set()
    ordered: list[tuple[int, int]] = []
    complete = True
    for rank, ids in _tiers(lookups, project_ids, cap + 1).items():
        complete = complete and len(ids) <= cap
        for room_id in ids:
            if room_id not in seen:
                seen.add(room_id)
                ordered.append((room_id, rank))
    if complete:
        return ordered[offset:need], len(ordered), False
    return ordered[offset:need], cap, True


def _capped_count(lookups: Sequence[Lookup], project_ids: Sequence[int], cap: int) -> int:
    """Distinct matching rooms, counting no further than ``cap + 1``."""
    branches, params = _branches(lookups, project_ids, room="room_id + 0")
    sql = f"SELECT COUNT(*) FROM (SELECT DISTINCT room_id FROM ({branches}) m LIMIT %s) c"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, cap + 1])
        return int(cursor.fetchone()[0])


def count_matches(query: str, project_ids: Sequence[int], cap: int | None = None) -> int:
    """How many rooms match; with ``cap``, at most ``cap + 1`` (more than the cap)."""
    lookups = lookups_for(query, _id_hash_for(query))
    if not lookups or not project_ids:
        return 0
    return _capped_count(lookups, project_ids, cap if cap is not None else 2**62)


@dataclass(frozen=True, slots=True)
class FoundPerson:
    name: str
    id_type: str
    id_masked: str
    phone: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class FoundOrganization:
    name: str
    contact_phone: str

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class FoundOccupant:
    """A current occupancy as a search result shows it (the columns it needs, no model instance)."""

    id: int
    role: str
    role_label: str
    person_id: int | None
    person: FoundPerson | None
    organization: FoundOrganization | None
    start_date: date | None
    end_date: date | None
    note: str

    @property
    def pk(self) -> int:
        return self.id

    @property
    def occupant(self) -> FoundPerson | FoundOrganization:
        return self.person or self.organization  # type: ignore[return-value]

    def get_role_display(self) -> str:
        return self.role_label


@dataclass(frozen=True, slots=True)
class FoundPlace:
    code: str
    name: str = ""


@dataclass(slots=True, eq=False)
class FoundRoom:
    """A household in a result list: the room's columns the list and the API show, its project and
    building, its current occupants owner first, and what else the query matched. Equal to the
    ``Room`` (or result) with the same id."""

    id: int
    project_id: int
    project: FoundPlace
    building: FoundPlace
    code: str
    floor: int
    number: str
    area: Decimal | None
    use: str
    occupancy: str
    occupancy_label: str
    move_in_date: date | None
    current_occupancies: list[FoundOccupant] = field(default_factory=list)
    search_matches: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id

    def get_occupancy_display(self) -> str:
        return self.occupancy_label

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FoundRoom | Room):
            return self.id == other.pk
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        return f"{self.project.code} {self.code}"


_ROLE_INDEX = {role: i for i, role in enumerate(["owner", "co_owner", "tenant", "commercial", "family"])}


def found_rooms(ids: Sequence[int]) -> list[FoundRoom]:
    """These rooms (in this order) with their current occupants: two queries of plain values."""
    if not ids:
        return []
    occupancy_labels = {str(v): str(label) for v, label in RoomOccupancy.choices}
    role_labels = {str(v): str(label) for v, label in OccupantRole.choices}
    rooms: dict[int, FoundRoom] = {}
    for pk, project_id, p_code, p_name, b_code, code, floor, number, area, use, occ, move_in in Room.objects.filter(
        id__in=list(ids)
    ).order_by().values_list(
        "id", "project_id", "project__code", "project__name", "building__code",
        "code", "floor", "number", "area", "use", "occupancy", "move_in_date",
    ):  # fmt: skip
        rooms[pk] = FoundRoom(pk, project_id, FoundPlace(p_code, p_name), FoundPlace(b_code), code, floor, number,
                              area, use, occ, occupancy_labels.get(occ, occ), move_in)  # fmt: skip
    occupancies = Occupancy.objects.filter(room_id__in=list(rooms), end_date__isnull=True).order_by().values_list(
        "id", "room_id", "role", "person_id", "person__name", "person__id_type", "person__id_masked",
        "person__phone", "organization__name", "organization__contact_phone", "start_date", "end_date", "note",
    )  # fmt: skip
    for pk, room_id, role, person_id, name, id_type, masked, phone, org, org_phone, start, end, note in occupancies:
        person = FoundPerson(name, id_type, masked, phone) if person_id else None
        organization = FoundOrganization(org, org_phone) if person_id is None and org is not None else None
        occupant = FoundOccupant(
            pk, role, role_labels.get(role, role), person_id, person, organization, start, end, note
        )
        rooms[room_id].current_occupancies.append(occupant)
    for room in rooms.values():
        room.current_occupancies.sort(key=lambda o: (_ROLE_INDEX.get(o.role, 9), o.id))
    return [rooms[i] for i in ids if i in rooms]


@dataclass
class SearchPage:
    rooms: list[FoundRoom]
    count: int
    count_capped: bool = False  # more than ``count`` rooms match; the count stopped there


def search_households(
    query: str, project_ids: Sequence[int], *, offset: int = 0, limit: int = 20, count_cap: int | None = None
) -> SearchPage:
    """One page of matching rooms with their current occupants, and the count (capped at
    ``count_cap``, or at the end of this page when that is further)."""
    lookups = lookups_for(query, _id_hash_for(query))
    if not lookups or not project_ids:
        return SearchPage(rooms=[], count=0)
    cap = COUNT_CAP if count_cap is None else count_cap
    ranked, count, capped = _ranked_page(lookups, list(project_ids), offset, limit, cap)
    found = found_rooms([room_id for room_id, _rank in ranked])
    _mark_matches(query, found, dict(ranked))
    return SearchPage(rooms=found, count=count, count_capped=capped)


def _mark_matches(query: str, rooms: list[FoundRoom], ranks: dict[int, int]) -> None:
    """Give each room ``search_matches``: the archive number or documents the query matched,
    so a result found by a document note says why (``文件：装修图纸（阳台改造）``)."""
    q = normalize(query)
    archive_rooms = [r.id for r in rooms if ranks.get(r.id, 9) <= 1]
    numbers = (
        dict(Archive.objects.filter(room_id__in=archive_rooms).values_list("room_id", "number"))
        if archive_rooms
        else {}
    )
    for room in rooms:
        if q and normalize(numbers.get(room.id, "")).startswith(q):
            room.search_matches.append(_("档案号：%(n)s") % {"n": numbers[room.id]})
    by_id = {r.id: r for r in rooms}
    document_rooms = [r.id for r in rooms if ranks.get(r.id) == DOCUMENT_RANK]
    if document_rooms:
        for room_id, line in _document_matches(q, document_rooms):
            by_id[room_id].search_matches.append(line)


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


def search_orphans() -> QuerySet[SearchToken]:
    """Tokens whose room is gone, or whose project is not their room's: what a foreign key would refuse."""
    return SearchToken.objects.filter(~Exists(Room.objects.filter(pk=OuterRef("room_id"), project=OuterRef("project"))))


TOKEN_COLUMNS = ["project_id", "token", "kind", "room_id"]
TokenRow = tuple[int, str, int, int]


def token_rows(households: Iterable[tuple[int, int, HouseholdText]]) -> Iterator[TokenRow]:
    """The SearchToken rows (laid out as ``TOKEN_COLUMNS``) of (room_id, project_id, text) triples."""
    return (
        (project_id, token, kind, room_id)
        for room_id, project_id, text in households
        for token, kind in tokens_for(text)
    )


def token_rows_write(rows: Iterable[TokenRow]) -> int:
    """Insert rows made by ``token_rows``; their rooms must have no tokens yet."""
    return bulk_insert(SearchToken, TOKEN_COLUMNS, rows)


def token_rows_write_while(rows: Iterable[TokenRow], meanwhile: Callable[[], object]) -> None:
    """``token_rows_write`` while ``meanwhile()`` runs (``core.bulk.bulk_insert_while``)."""
    bulk_insert_while(SearchToken, TOKEN_COLUMNS, rows, meanwhile)


def write_tokens(households: Iterable[tuple[int, int, HouseholdText]]) -> int:
    """Insert the tokens of (room_id, project_id, text) triples; rooms must have none yet."""
    return token_rows_write(token_rows(households))


def archive_tokens_write(archives: Iterable[tuple[int, int, str]]) -> int:
    """Tokens of newly opened files, as (room_id, project_id, archive number): for bulk openings
    (``archive.bulk.archives_open_bulk``) whose rooms' other tokens are already written."""
    rows = ((project_id, normalize(number), TokenKind.ARCHIVE, room_id) for room_id, project_id, number in archives)
    return token_rows_write(rows)


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

    return token_rows_write(rows())


MAX_PAGE = 10_000


def parse_page(raw: str | None) -> int:
    """A page number from a query string: 1 when absent or not a number, capped so OFFSET stays sane."""
    raw = (raw or "").strip()
    return min(max(1, int(raw)), MAX_PAGE) if raw.isdigit() and len(raw) <= 6 else 1
