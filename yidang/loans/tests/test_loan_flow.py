"""A loan from request to close: each step one action with its audit row, timeline event and ledger row."""

from __future__ import annotations

import time_machine

from yidang.audit.models import AuditEvent
from yidang.loans import actions
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.tests.flow import local, requested
from yidang.timeline.models import EventKind, TimelineEvent
from yidang.usage.models import UsageKind, UsageRecord


def _audit(loan: Loan) -> list[str]:
    rows = AuditEvent.objects.filter(object_type="loans.loan", object_id=str(loan.pk)).order_by("pk")
    return list(rows.values_list("action", flat=True))


def _timeline(folder) -> list[str]:
    kinds = TimelineEvent.objects.filter(room_id=folder.archive.room_id, kind__startswith="loan.")
    return list(kinds.order_by("id").values_list("kind", flat=True))


@time_machine.travel(local(2026, 11, 16, 10), tick=False)
def test_an_engineer_borrows_a_folder_for_three_working_days_and_brings_it_back(world, folder):
    loan = requested(world, folder)
    assert loan.status == LoanStatus.REQUESTED and loan.project == world.hy

    loan = actions.loan_approve(loan=loan, actor=world.supervisor, note="同意")
    assert loan.status == LoanStatus.APPROVED and loan.head_approved_by == world.supervisor

    loan = actions.loan_checkout(loan=loan, actor=world.archivist)
    assert loan.status == LoanStatus.OUT and not loan.same_day
    assert loan.due_at == local(2026, 11, 19, 18)  # Monday → Thursday 18:00, the day itself not counted
    assert sorted(loan.documents.values_list("pk", flat=True)) == sorted(d.pk for d in folder.documents)

    loan = actions.loan_renew(loan=loan, actor=world.engineer)
    assert loan.renewals == 1 and loan.due_at == local(2026, 11, 24, 18)  # three more from Thursday

    everything = frozenset(d.pk for d in folder.documents)
    loan = actions.loan_return(loan=loan, actor=world.archivist, check=actions.ReturnCheck(returned=everything))
    assert loan.status == LoanStatus.RETURNED and loan.returned_to == world.archivist
    assert loan.return_note == "清点无误" and not loan.incidents.exists()

    assert _audit(loan) == ["loan.request", "loan.approve", "loan.checkout", "loan.renew", "loan.return"]
    assert _timeline(folder) == [
        EventKind.LOAN_REQUEST,
        EventKind.LOAN_REQUEST,
        EventKind.LOAN_OUT,
        EventKind.LOAN_RENEW,
        EventKind.LOAN_RETURN,
    ]


def test_the_checkout_writes_one_loan_row_in_the_usage_ledger_for_the_borrower(world, folder):
    loan = actions.loan_approve(loan=requested(world, folder), actor=world.supervisor)
    actions.loan_checkout(loan=loan, actor=world.archivist)
    use = UsageRecord.objects.get(kind=UsageKind.LOAN)
    assert use.user == world.engineer and use.archive == folder.archive and use.purpose == "核对装修图纸"
    assert use.department == "工程部" and use.project == world.hy


def test_out_of_the_room_the_supervisor_approves_first_and_the_manager_second(world, folder):
    loan = requested(world, folder, out_of_room=True)
    loan = actions.loan_approve(loan=loan, actor=world.supervisor)
    assert loan.status == LoanStatus.REQUESTED and loan.waits_for_manager
    loan = actions.loan_approve(loan=loan, actor=world.manager)
    assert loan.status == LoanStatus.APPROVED
    assert (loan.head_approved_by, loan.manager_approved_by) == (world.supervisor, world.manager)


def test_the_managers_approval_of_a_fresh_out_of_room_request_signs_both_steps(world, folder):
    loan = actions.loan_approve(loan=requested(world, folder, out_of_room=True), actor=world.manager)
    assert loan.status == LoanStatus.APPROVED
    assert loan.head_approved_by == loan.manager_approved_by == world.manager


def test_a_rejected_request_and_a_withdrawn_one_are_closed_with_their_reason(world, folder):
    rejected = actions.loan_reject(loan=requested(world, folder), actor=world.supervisor, note="用途不明")
    assert rejected.status == LoanStatus.REJECTED and rejected.decision_note == "用途不明"
    withdrawn = actions.loan_cancel(loan=requested(world, folder), actor=world.engineer)
    assert withdrawn.status == LoanStatus.CANCELLED
    assert _audit(rejected)[-1] == "loan.reject" and _audit(withdrawn)[-1] == "loan.cancel"


def test_cs_staff_borrow_too_and_the_folder_can_go_out_again_after_its_return(world, folder):
    first = actions.loan_checkout(
        loan=actions.loan_approve(loan=requested(world, folder, world.assistant), actor=world.supervisor),
        actor=world.archivist,
    )
    actions.loan_return(
        loan=first,
        actor=world.archivist,
        check=actions.ReturnCheck(returned=frozenset(d.pk for d in folder.documents)),
    )
    second = actions.loan_approve(loan=requested(world, folder), actor=world.supervisor)
    assert actions.loan_checkout(loan=second, actor=world.archivist).status == LoanStatus.OUT
