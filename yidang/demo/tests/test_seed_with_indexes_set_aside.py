"""A large seed loads without the secondary indexes and constraints and builds them once at the end:
the schema it leaves is the one it found, also when the load fails, and a broken unique is not hidden."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from yidang.core.bulk import indexes_set_aside
from yidang.demo.actions import demo_seed
from yidang.households.search import search_households
from yidang.places.models import Building, Company, Project, Room

pytestmark = pytest.mark.postgres


def _schema() -> list[tuple[str, ...]]:
    """Every index and constraint of the database, with its definition and its deferral and validity."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " UNION ALL SELECT conrelid::regclass::text, conname,"
            " pg_get_constraintdef(oid) || condeferrable || condeferred || convalidated"
            " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2, 3"
        )
        return cursor.fetchall()


def _indexes_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass", [table])
        return int(cursor.fetchone()[0])


def _building() -> Building:
    company = Company.objects.create(name="测试物业")
    project = Project.objects.create(company=company, code="T1", name="测试小区", form="estate", use="residential")
    return Building.objects.create(project=project, code="A1", floors_above=10)


def test_a_seed_with_indexes_set_aside_leaves_every_index_and_constraint_as_it_found_them(db, media):
    before = _schema()
    demo_seed(households=300, seed=1, set_aside=True)
    assert _schema() == before
    room = Room.objects.filter(project__code="HY").order_by("id")[0]
    assert search_households(room.code, [room.project_id]).rooms[0] == room


def test_inside_the_load_only_the_primary_key_is_left(db):
    assert _indexes_of("places_room") > 1
    with indexes_set_aside([Room]):
        assert _indexes_of("places_room") == 1
    assert _indexes_of("places_room") > 1


def test_a_load_that_fails_still_puts_everything_back(db):
    before = _schema()
    with pytest.raises(RuntimeError), indexes_set_aside([Room]):
        raise RuntimeError("the load broke off")
    assert _schema() == before


def test_rows_that_break_a_unique_make_the_rebuild_fail_loudly(db):
    building = _building()
    with pytest.raises(IntegrityError, match="room_code_unique_in_project"), indexes_set_aside([Room]):
        for _twice in range(2):
            Room.objects.create(project=building.project, building=building, floor=15, number="1503", code="A1-15-1503")
