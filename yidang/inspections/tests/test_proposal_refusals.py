"""Only the project's CS supervisor starts a full check, and only once per proposal."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.inspections.actions import inspection_proposals_refresh, inspection_start_full
from yidang.inspections.models import Inspection, InspectionProposal, ProposalStatus


@pytest.fixture
def proposal(world):
    inspection_proposals_refresh()
    return InspectionProposal.objects.get(building__code="A2")  # world's A2: one room, occupied


@pytest.mark.parametrize("who", ["archivist", "manager", "assistant", "jm_assistant"])
def test_only_the_supervisor_starts_a_full_check(world, proposal, who):
    with pytest.raises(DomainError):
        inspection_start_full(proposal=proposal, actor=world.users[who])
    assert not Inspection.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_a_proposal_is_started_once(world, proposal):
    inspection_start_full(proposal=proposal, actor=world.supervisor)
    with pytest.raises(DomainError, match="不能重复安排"):
        inspection_start_full(proposal=proposal, actor=world.supervisor)
    assert Inspection.objects.count() == 1
