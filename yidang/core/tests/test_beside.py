"""A long write beside pure Python work (``core.beside``): the write joins the caller's
transaction, the work beside it may not use the connection, and the write's errors come out as
Django's database errors."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from yidang.core.beside import BusyConnection
from yidang.core.bulk import bulk_insert_while
from yidang.households.models import SearchToken, TokenKind, Vehicle
from yidang.households.search import token_rows_write_while
from yidang.places.models import Room


def _token(world, text: str, room_id: int | None = None) -> tuple[int, str, int, int]:
    room = world.rooms["hy1503"]
    return (room.project_id, text, int(TokenKind.ROOM), room_id or room.pk)


def test_rows_written_beside_are_in_the_callers_transaction_and_the_work_ran(world):
    ran = []
    with transaction.atomic():
        token_rows_write_while([_token(world, "beside-1")], meanwhile=lambda: ran.append(True))
        assert SearchToken.objects.filter(token="beside-1").count() == 1
    assert ran == [True]


@pytest.mark.postgres
def test_work_beside_a_running_write_may_not_query(world):
    with pytest.raises(BusyConnection), transaction.atomic():
        token_rows_write_while([_token(world, "beside-2")], meanwhile=lambda: list(Room.objects.all()))
    assert not SearchToken.objects.filter(token="beside-2").exists()


@pytest.mark.postgres
def test_a_write_beside_that_breaks_a_foreign_key_is_a_django_integrity_error(world):
    missing_room = max(Room.objects.values_list("id", flat=True)) + 1000
    columns = ["room_id", "plate", "kind", "owner_id", "note"]
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        bulk_insert_while(Vehicle, columns, [(missing_room, "京A00003", "motor", None, "")], meanwhile=lambda: None)
    assert not Vehicle.objects.filter(plate="京A00003").exists()
