"""Two workers sweeping at once never send the same warning twice (PostgreSQL: SKIP LOCKED is real there)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from yidang.notifications.models import Notification
from yidang.service.sla import sla_sweep
from yidang.service.tests.helpers import repair
from yidang.service.tests.test_sla_clocks import MONDAY_10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweepers_at_once_warn_each_clock_once(world):
    for minute in range(40):
        repair(world, at=MONDAY_10 + timedelta(seconds=minute))
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []

    def sweeper() -> None:
        try:
            barrier.wait()
            results.append(sla_sweep(now=MONDAY_10 + timedelta(minutes=17), batch=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r["warned"] for r in results) == 40
    assert Notification.objects.filter(key__startswith="sla-warn").count() == 40


def test_a_second_sweep_sends_nothing_new(world):
    repair(world, at=MONDAY_10)
    sla_sweep(now=MONDAY_10 + timedelta(minutes=17))
    sla_sweep(now=MONDAY_10 + timedelta(minutes=17))
    assert Notification.objects.filter(key__startswith="sla-warn").count() == 1
