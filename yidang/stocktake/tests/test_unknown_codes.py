"""Codes that name no folder or place of the project are kept as unknown, once each; folder QR URLs are read."""

from __future__ import annotations

from yidang.archive.models import Archive
from yidang.shelving.queries import absolute_url
from yidang.stocktake.actions import stocktake_close, stocktake_scan, stocktake_start
from yidang.stocktake.models import Outcome, StocktakeScan
from yidang.stocktake.queries import reconcile


def test_a_strange_code_is_unknown_and_counted_once(world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    first = stocktake_scan(stocktake=take, text="xyz-999", actor=world.archivist)
    again = stocktake_scan(stocktake=take, text="XYZ-999 ", actor=world.archivist)
    assert first.kind == "unknown" and again.kind == "again"
    assert StocktakeScan.objects.filter(stocktake=take).count() == 1
    assert reconcile(take).counts["unknown"] == 1


def test_another_projects_folder_is_an_unknown_code_here(world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    jm_folder = Archive.objects.get(room=world.rooms["jm1503"])
    assert stocktake_scan(stocktake=take, text=jm_folder.number, actor=world.archivist).kind == "unknown"


def test_a_folder_label_qr_url_is_read_as_its_folder(world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    url = absolute_url(f"/archive/{area.folders[2].pk}/")
    result = stocktake_scan(stocktake=take, text=url, actor=world.archivist)
    assert result.kind == "folder" and result.outcome == Outcome.IN_PLACE


def test_a_folder_scanned_twice_counts_once(world, area):
    take = stocktake_start(area=area.room, actor=world.archivist)
    stocktake_scan(stocktake=take, text=area.folders[2].number, actor=world.archivist)
    assert stocktake_scan(stocktake=take, text=area.folders[2].number, actor=world.archivist).kind == "again"
    take = stocktake_close(stocktake=take, actor=world.archivist)
    assert (take.in_place, take.missing) == (1, 9)
