"""The stocktake of a seeded area with 3 misplaced, 2 missing and 1 on-loan folder reports exactly that."""

from __future__ import annotations

from django.utils import timezone

from yidang.audit.models import AuditEvent
from yidang.stocktake.actions import stocktake_close, stocktake_scan, stocktake_start
from yidang.stocktake.models import Outcome, StocktakeLine
from yidang.stocktake.queries import reconcile, year_report
from yidang.stocktake.tests.area import lend


def walk_the_shelves(world, area):
    """The archivist scans box 1's label and its five folders plus two of box 2's, then box 2's label and
    a folder the ledger keeps in room R02; box 2's other three are not seen (one of them is out on loan)."""
    f = area.folders
    lend(world, f[9])
    take = stocktake_start(area=area.room, actor=world.archivist)
    place = stocktake_scan(stocktake=take, text=area.box1.code, actor=world.archivist).place
    assert place == area.box1
    for folder in [*f[:5], f[5], f[6]]:
        stocktake_scan(stocktake=take, text=folder.number, actor=world.archivist, place=place)
    place = stocktake_scan(stocktake=take, text=area.box2.code, actor=world.archivist).place
    stocktake_scan(stocktake=take, text=area.elsewhere.number, actor=world.archivist, place=place)
    return take


def test_the_live_reconciliation_sorts_every_folder_of_the_area(world, area):
    take = walk_the_shelves(world, area)
    result = reconcile(take)
    f = area.folders
    assert result.expected == 10
    assert result.counts == {"in_place": 5, "misplaced": 3, "missing": 2, "unknown": 0, "on_loan": 1}
    assert {line.archive for line in result.of(Outcome.IN_PLACE)} == set(f[:5])
    misplaced = {line.code: (line.expected, line.found) for line in result.of(Outcome.MISPLACED)}
    assert misplaced == {
        f[5].number: (area.box2, area.box1),
        f[6].number: (area.box2, area.box1),
        area.elsewhere.number: (area.other_room_box, area.box2),
    }
    assert {line.archive for line in result.of(Outcome.MISSING)} == {f[7], f[8]}
    [on_loan] = result.of(Outcome.ON_LOAN)
    assert on_loan.archive == f[9] and on_loan.loan is not None and on_loan.loan.borrower == world.engineer


def test_closing_records_the_counts_and_every_line(world, area):
    take = stocktake_close(stocktake=walk_the_shelves(world, area), actor=world.archivist, note="年末清点")
    assert (take.expected, take.in_place, take.misplaced, take.missing, take.unknown, take.on_loan) == (
        10, 5, 3, 2, 0, 1,
    )  # fmt: skip
    lines = StocktakeLine.objects.filter(stocktake=take)
    assert lines.count() == 11  # ten folders of the area and the one from room R02
    assert sorted(lines.filter(outcome=Outcome.MISSING).values_list("code", flat=True)) == [
        area.folders[7].number,
        area.folders[8].number,
    ]
    audit = AuditEvent.objects.get(action="stocktake.close", object_id=str(take.pk))
    assert audit.after == {
        "expected": 10, "in_place": 5, "misplaced": 3, "missing": 2, "unknown": 0, "on_loan": 1,
    }  # fmt: skip
    assert audit.project_id == world.hy.pk


def test_the_year_end_report_carries_the_same_figures(world, area):
    take = stocktake_close(stocktake=walk_the_shelves(world, area), actor=world.archivist)
    assert take.closed_at is not None
    report = year_report(world.hy, timezone.localtime(take.closed_at).year)
    assert report.stocktakes == [take]
    assert report.totals == {"expected": 10, "in_place": 5, "misplaced": 3, "missing": 2, "unknown": 0, "on_loan": 1}
    assert sorted(line.outcome for line in report.problems) == sorted(["misplaced"] * 3 + ["missing"] * 2 + ["on_loan"])
