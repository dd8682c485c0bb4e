"""On PostgreSQL, 20 actions writing audit rows at the same moment still make one unbroken chain:
the advisory lock serialises the appends, so no two rows claim the same predecessor."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from yidang.audit.actions import Change, audit_record_many
from yidang.audit.models import AuditEvent
from yidang.households.actions import vehicle_add

THREADS = 20
BULK_ROWS = 5


def run_together(tasks: list[Callable[[], None]]) -> list[BaseException]:
    """Start every task at once, each on its own thread and database connection."""
    barrier = threading.Barrier(len(tasks))
    errors: list[BaseException] = []

    def worker(task: Callable[[], None]) -> None:
        try:
            barrier.wait()
            task()
        except BaseException as exc:  # reported by the test, not swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_actions_leave_one_unbroken_chain(world):
    rooms = [world.rooms[code] for code in ("hy1503", "hy0801", "hy0802")]
    actor = world.archivist
    before = AuditEvent.objects.count()

    def add_vehicle(i: int) -> Callable[[], None]:
        def run() -> None:
            vehicle_add(room=rooms[i % len(rooms)], plate=f"沪C{i:05d}", actor=actor)

        return run

    def import_like(i: int) -> Callable[[], None]:
        def run() -> None:
            with transaction.atomic():
                changes = [Change("room.touch", rooms[0], after={"t": i, "n": n}) for n in range(BULK_ROWS)]
                audit_record_many(actor=actor, changes=changes)

        return run

    errors = run_together([add_vehicle(i) if i % 2 else import_like(i) for i in range(THREADS)])

    assert errors == []
    assert AuditEvent.objects.filter(action="vehicle.create", after__plate__startswith="沪C").count() == THREADS // 2
    assert AuditEvent.objects.count() == before + THREADS // 2 * (1 + BULK_ROWS)
    hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes)), "two rows claim the same predecessor: the chain forked"
    call_command("audit_verify")
