"""Ten reveals by one user at the same moment, with three left in the hour: the user's row lock lets
exactly three through and refuses seven, so the limit holds even when requests race."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.world import build_world
from yidang.accounts.models import User
from yidang.core.errors import DomainError
from yidang.usage.actions import id_number_reveal
from yidang.usage.models import UsageKind, UsageRecord


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_reveals_never_exceed_the_hourly_limit(settings):
    settings.YIDANG_ID_REVEAL_PER_HOUR = 3
    world = build_world()
    room = world.rooms["hy1503"]
    person = room.occupancies.get().person
    assert person is not None
    start = threading.Barrier(10)
    outcomes: list[str] = []

    def reveal() -> None:
        try:
            actor = User.objects.get(pk=world.supervisor.pk)
            start.wait()
            id_number_reveal(person=person, room=room, actor=actor, reason="并发核对")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=reveal) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["ok"] * 3 + ["rate_limited"] * 7
    assert UsageRecord.objects.filter(kind=UsageKind.REVEAL_ID).count() == 3
