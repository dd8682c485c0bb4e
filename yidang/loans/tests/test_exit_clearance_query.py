"""Leavers return their borrowed folders first: ``loans_held_by`` lists exactly the folders still out."""

from __future__ import annotations

from yidang.loans.actions import ReturnCheck, loan_return
from yidang.loans.queries import loans_held_by
from yidang.loans.tests.flow import approved, out, requested


def test_a_folder_out_holds_the_borrower_back_until_it_is_returned(world, folder):
    loan = out(world, folder)
    assert list(loans_held_by(world.engineer)) == [loan]
    assert not loans_held_by(world.archivist).exists()
    loan_return(loan=loan, actor=world.archivist, check=ReturnCheck(returned=frozenset(d.pk for d in folder.documents)))
    assert not loans_held_by(world.engineer).exists()


def test_requests_and_approved_loans_not_handed_out_do_not_hold_anyone_back(world, folder):
    requested(world, folder)
    approved(world, folder, world.assistant)
    assert not loans_held_by(world.engineer).exists() and not loans_held_by(world.assistant).exists()
