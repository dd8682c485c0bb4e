"""Realistic, varied query values taken from the seeded data (deterministic for a given database)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import connection

from yidang.households.tokens import pinyin_of


@dataclass
class Samples:
    """Query values per kind, each list ``count`` long (values repeat only when the data has too few)."""

    room: list[str] = field(default_factory=list)
    name2: list[str] = field(default_factory=list)
    initials: list[str] = field(default_factory=list)
    phone_tail: list[str] = field(default_factory=list)
    room_ids: list[int] = field(default_factory=list)


def _rooms(project_ids: list[int], count: int) -> list[tuple[int, str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            "SELECT r.id, r.code, b.code, r.number FROM places_room r JOIN places_building b ON b.id = r.building_id"
            " WHERE r.project_id = ANY(%s) ORDER BY random() LIMIT %s",
            [project_ids, count],
        )
        return list(cursor.fetchall())


def _occupants(room_ids: list[int]) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.name, p.phone FROM households_occupancy o JOIN people_person p ON p.id = o.person_id"
            " WHERE o.room_id = ANY(%s) AND o.end_date IS NULL ORDER BY o.id",
            [room_ids],
        )
        return list(cursor.fetchall())


def _pick(values: list[str], count: int, rng: random.Random) -> list[str]:
    distinct = list(dict.fromkeys(values))
    rng.shuffle(distinct)
    if not distinct:
        return []
    return [distinct[i % len(distinct)] for i in range(count)]


def samples_for(project_ids: list[int], count: int, seed: int = 7) -> Samples:
    """``count`` values per kind from random rooms of ``project_ids`` and their current occupants.

    Rooms are asked for as people type them: the bare number (``1503``), building and number
    (``A2-1503``) or the whole code (``A2-15-1503``).
    """
    rng = random.Random(seed)
    rooms = _rooms(project_ids, max(count * 8, 1000))
    occupants = _occupants([r[0] for r in rooms])
    forms = [lambda r: r[3], lambda r: f"{r[2]}-{r[3]}", lambda r: r[1]]
    return Samples(
        room=[forms[i % 3](room) for i, room in enumerate(rooms[:count])],
        name2=_pick([name for name, _ in occupants if len(name) == 2], count, rng),
        initials=_pick([pinyin_of(name)[1] for name, _ in occupants], count, rng),
        phone_tail=_pick([phone[-4:] for _, phone in occupants if len(phone) >= 4], count, rng),
        room_ids=[r[0] for r in rooms[count : 2 * count]],
    )


def thick_files(count: int, documents: int = 50, events: int = 200) -> list[int]:
    """Up to ``count`` files with exactly ``documents`` documents and ``events`` timeline events.

    The seed makes every thousandth file of a project that thick and keeps the others below
    ``documents`` items, so the files holding an item numbered ``documents`` are the candidates;
    each is then counted. Random order, the same on every run.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id FROM archive_archive a JOIN archive_document d ON d.archive_id = a.id AND d.item_no = %s"
            " WHERE (SELECT count(*) FROM archive_document x WHERE x.archive_id = a.id) = %s"
            " AND (SELECT count(*) FROM timeline_timelineevent t WHERE t.room_id = a.room_id) = %s"
            " ORDER BY md5(a.id::text) LIMIT %s",
            [documents, documents, events, count],
        )
        return [row[0] for row in cursor.fetchall()]


def project_near(households: int) -> tuple[str, int]:
    """The project whose number of households is nearest ``households``: (code, households)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.code, count(*) FROM places_room r JOIN places_project p ON p.id = r.project_id"
            " GROUP BY p.code ORDER BY abs(count(*) - %s), p.code LIMIT 1",
            [households],
        )
        code, count = cursor.fetchone()
    return str(code), int(count)
