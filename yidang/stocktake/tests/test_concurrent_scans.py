"""Two archivists scanning at once in one count: the stocktake's row lock serialises them, so a folder
scanned by both is counted once and a scan racing the close is either in the result or refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.world import build_world, make_user
from yidang.accounts.roles import Role
from yidang.core.errors import DomainError
from yidang.stocktake.actions import stocktake_close, stocktake_scan, stocktake_start
from yidang.stocktake.models import Stocktake, StocktakeLine, StocktakeScan
from yidang.stocktake.tests.area import build_area


def _together(*steps) -> list[object]:
    start = threading.Barrier(len(steps))
    results: list[object] = [None] * len(steps)

    def run(i, step):
        try:
            start.wait()
            results[i] = step()
        except DomainError as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_folder_scanned_by_two_archivists_at_once_counts_once():
    world = build_world()
    area = build_area(world)
    second = make_user("archivist2", Role.ARCHIVIST, [world.hy])
    take = stocktake_start(area=area.room, actor=world.archivist)
    number = area.folders[0].number
    kinds = _together(
        lambda: stocktake_scan(stocktake=take, text=number, actor=world.archivist).kind,
        lambda: stocktake_scan(stocktake=take, text=number, actor=second).kind,
    )
    assert sorted(str(k) for k in kinds) == ["again", "folder"]
    assert StocktakeScan.objects.filter(stocktake=take).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_scan_racing_the_close_is_in_the_result_or_refused():
    world = build_world()
    area = build_area(world)
    take = stocktake_start(area=area.room, actor=world.archivist)
    scan, _ = _together(
        lambda: stocktake_scan(stocktake=take, text=area.folders[0].number, actor=world.archivist),
        lambda: stocktake_close(stocktake=take, actor=world.archivist),
    )
    closed = Stocktake.objects.get(pk=take.pk)
    lines = StocktakeLine.objects.filter(stocktake=closed)
    if isinstance(scan, DomainError):
        assert "已完成" in scan.message and not StocktakeScan.objects.exists() and closed.in_place == 0
    else:
        assert closed.in_place == 1 and lines.filter(code=area.folders[0].number, outcome="in_place").exists()
    assert lines.count() == 10 and closed.in_place + closed.missing == 10
