"""The system proposes a full check of a building at 80 % occupancy, or one year after its first move-in."""

from __future__ import annotations

from datetime import date

import time_machine

from yidang.inspections.actions import inspection_proposals_refresh, inspection_start_full
from yidang.inspections.models import InspectionKind, InspectionProposal, ProposalReason, ProposalStatus
from yidang.inspections.tests.conftest import building_with, local, occupy
from yidang.places.models import RoomUse


def _proposal(code: str) -> InspectionProposal | None:
    return InspectionProposal.objects.filter(building__code=code).first()


def test_a_building_is_proposed_when_its_occupancy_reaches_80_percent(world):
    with time_machine.travel(local(2026, 3, 2, 10), tick=False):
        rooms = building_with(world.hy, "C1", rooms=5, occupied=3, actor=world.archivist)
        inspection_proposals_refresh()
        assert _proposal("C1") is None  # 60 %
        occupy(rooms[3], world.archivist)
        assert inspection_proposals_refresh() >= 1
    proposal = _proposal("C1")
    assert proposal is not None
    assert (proposal.reason, proposal.rooms, proposal.occupied) == (ProposalReason.OCCUPANCY, 5, 4)
    assert proposal.occupancy_percent == 80.0


def test_parking_and_storage_rooms_do_not_count_towards_occupancy(world):
    rooms = building_with(world.hy, "C2", rooms=5, occupied=4, actor=world.archivist)
    rooms[4].use = RoomUse.PARKING
    rooms[4].save()
    rooms[3].__class__.objects.filter(pk=rooms[3].pk).update(use=RoomUse.STORAGE)
    inspection_proposals_refresh(today=date(2026, 3, 2))
    proposal = _proposal("C2")
    assert proposal is not None and (proposal.rooms, proposal.occupied) == (3, 3)


def test_a_building_is_proposed_one_year_after_its_first_move_in(world):
    with time_machine.travel(local(2025, 6, 15, 10), tick=False):
        building_with(world.hy, "D1", rooms=10, occupied=1, actor=world.archivist)
    with time_machine.travel(local(2026, 6, 14, 23, 59), tick=False):
        inspection_proposals_refresh()
        assert _proposal("D1") is None  # a day short of a year, at 10 %
    with time_machine.travel(local(2026, 6, 15, 0, 1), tick=False):
        inspection_proposals_refresh()
    proposal = _proposal("D1")
    assert proposal is not None
    assert (proposal.reason, proposal.first_move_in) == (ProposalReason.ANNIVERSARY, date(2025, 6, 15))


def test_the_rooms_recorded_move_in_date_counts_as_the_first_move_in(world):
    rooms = building_with(world.hy, "D2", rooms=10, occupied=1, actor=world.archivist)
    rooms[5].__class__.objects.filter(pk=rooms[5].pk).update(move_in_date=date(2024, 1, 10))
    inspection_proposals_refresh(today=date(2025, 1, 9))
    assert _proposal("D2") is None
    inspection_proposals_refresh(today=date(2025, 1, 10))
    assert InspectionProposal.objects.get(building__code="D2").first_move_in == date(2024, 1, 10)


def test_the_proposal_job_is_idempotent(world):
    building_with(world.hy, "C3", rooms=2, occupied=2, actor=world.archivist)
    first = inspection_proposals_refresh()
    assert first >= 1
    assert inspection_proposals_refresh() == 0
    assert InspectionProposal.objects.filter(building__code="C3").count() == 1


def test_the_supervisor_turns_a_proposal_into_a_full_check_of_every_file_of_the_building(world):
    rooms = building_with(world.hy, "C4", rooms=5, occupied=5, actor=world.archivist)
    inspection_proposals_refresh()
    proposal = InspectionProposal.objects.get(building__code="C4")
    inspection = inspection_start_full(proposal=proposal, actor=world.supervisor)
    assert inspection.kind == InspectionKind.FULL and inspection.building_id == rooms[0].building_id
    assert sorted(inspection.records.values_list("archive__room_id", flat=True)) == sorted(r.pk for r in rooms)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.STARTED
