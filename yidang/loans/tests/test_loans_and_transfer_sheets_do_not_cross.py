"""A folder is in one place at a time: one on its way to someone on an open transfer sheet is not
lent, and nothing of one out on loan is put on a sheet."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.loans import actions
from yidang.loans.models import LoanStatus
from yidang.loans.tests.flow import approved, out
from yidang.transfers.actions import ItemRef, transfer_sheet_cancel
from yidang.transfers.models import TransferSheet
from yidang.transfers.tests.sheets import send


def test_a_folder_on_a_sheet_awaiting_signature_is_not_handed_out(world, folder):
    loan = approved(world, folder)
    sheet = send(world, ItemRef(folder.archive))
    with pytest.raises(DomainError, match=f"在待签收的移交单 {sheet.number} 上，签收或撤回后才能借出"):
        actions.loan_checkout(loan=loan, actor=world.archivist)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED


def test_once_the_sheet_is_withdrawn_the_folder_is_handed_out(world, folder):
    loan = approved(world, folder)
    sheet = send(world, ItemRef(folder.archive))
    transfer_sheet_cancel(sheet=sheet, actor=world.assistant)
    assert actions.loan_checkout(loan=loan, actor=world.archivist).status == LoanStatus.OUT


def test_one_document_on_a_sheet_does_not_stop_the_folder_being_lent(world, folder):
    loan = approved(world, folder)
    send(world, ItemRef(folder.archive, (folder.documents[0].item_no,)))
    assert actions.loan_checkout(loan=loan, actor=world.archivist).status == LoanStatus.OUT


@pytest.mark.parametrize("item_nos", [(), (1,)], ids=["the folder", "one of its documents"])
def test_nothing_of_a_folder_out_on_loan_goes_on_a_sheet(world, folder, item_nos):
    out(world, folder)
    with pytest.raises(DomainError, match="已借出，归还后才能移交"):
        send(world, ItemRef(folder.archive, item_nos))
    assert not TransferSheet.objects.exists()
