"""Every step refused out of turn or to the wrong person: a Chinese DomainError, and nothing changes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from yidang.archive.models import Archive, ArchiveStatus
from yidang.core.errors import DomainError
from yidang.loans import actions
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.tests.flow import approved, out, requested


def _refused(match: str, step, **kwargs) -> None:
    with pytest.raises(DomainError, match=match):
        step(**kwargs)


def test_nobody_may_ask_for_a_folder_of_another_project(world, folder):
    _refused(
        "只能借阅本人所在项目的档案",
        actions.loan_request,
        archive=folder.archive,
        purpose="x",
        actor=world.jm_assistant,
    )
    assert not Loan.objects.exists()


def test_a_request_needs_a_purpose_and_is_not_filed_twice(world, folder):
    _refused("请填写借阅目的", actions.loan_request, archive=folder.archive, purpose="  ", actor=world.engineer)
    requested(world, folder)
    _refused("未办结的借阅", actions.loan_request, archive=folder.archive, purpose="再借", actor=world.engineer)
    assert Loan.objects.count() == 1


def test_a_transferred_folder_cannot_be_asked_for(world, folder):
    Archive.objects.filter(pk=folder.archive.pk).update(status=ArchiveStatus.TRANSFERRED)
    _refused("已移交", actions.loan_request, archive=folder.archive, purpose="x", actor=world.engineer)


@pytest.mark.parametrize("who", ["assistant", "archivist", "engineer", "gm"])
def test_only_a_cs_head_approves_or_rejects(world, folder, who):
    loan = requested(world, folder, world.assistant if who == "engineer" else world.engineer)
    _refused("客服主管或客服经理审批", actions.loan_approve, loan=loan, actor=world.users[who])
    _refused("客服主管或客服经理审批", actions.loan_reject, loan=loan, actor=world.users[who], note="不同意")
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.REQUESTED


def test_a_head_of_another_project_cannot_approve(world, folder):
    from tests.world import make_user
    from yidang.accounts.roles import Role

    jm_head = make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm])
    _refused("客服主管或客服经理审批", actions.loan_approve, loan=requested(world, folder), actor=jm_head)


def test_a_head_does_not_approve_their_own_request(world, folder):
    loan = requested(world, folder, world.supervisor)
    _refused("不能审批本人的借阅申请", actions.loan_approve, loan=loan, actor=world.supervisor)


def test_out_of_the_room_a_supervisor_cannot_give_the_managers_approval(world, folder):
    loan = actions.loan_approve(loan=requested(world, folder, out_of_room=True), actor=world.supervisor)
    _refused("须再经客服经理审批", actions.loan_approve, loan=loan, actor=world.supervisor)
    _refused("不能借出（须先获批）", actions.loan_checkout, loan=loan, actor=world.archivist)


def test_a_rejection_says_why_and_a_decided_request_is_not_decided_again(world, folder):
    loan = requested(world, folder)
    _refused("请填写驳回理由", actions.loan_reject, loan=loan, actor=world.supervisor, note=" ")
    loan = actions.loan_approve(loan=loan, actor=world.supervisor)
    _refused("已批准待借出", actions.loan_approve, loan=loan, actor=world.manager)
    _refused("已批准待借出", actions.loan_reject, loan=loan, actor=world.manager, note="撤销")


def test_only_the_borrower_withdraws_and_not_once_the_folder_is_out(world, folder):
    loan = requested(world, folder)
    _refused("只有借阅人本人可以撤回申请", actions.loan_cancel, loan=loan, actor=world.supervisor)
    loan = actions.loan_checkout(loan=actions.loan_approve(loan=loan, actor=world.supervisor), actor=world.archivist)
    _refused("借出中", actions.loan_cancel, loan=loan, actor=world.engineer)


@pytest.mark.parametrize("who", ["assistant", "supervisor", "manager", "engineer"])
def test_only_the_archivist_hands_a_folder_out(world, folder, who):
    loan = approved(world, folder)
    _refused("档案管理员借出", actions.loan_checkout, loan=loan, actor=world.users[who])
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.APPROVED


def test_a_request_not_yet_approved_is_not_handed_out(world, folder):
    _refused("待审批", actions.loan_checkout, loan=requested(world, folder), actor=world.archivist)


def test_a_folder_not_on_its_shelf_is_not_handed_out(world, folder):
    loan = approved(world, folder)
    Archive.objects.filter(pk=folder.archive.pk).update(location=None)
    _refused("未上架", actions.loan_checkout, loan=loan, actor=world.archivist)


def test_a_folder_already_out_is_not_handed_out_again(world, folder):
    out(world, folder)
    second = approved(world, folder, world.assistant)
    _refused(
        r"已借给 engineer（应还 .*），须归还后才能再借出", actions.loan_checkout, loan=second, actor=world.archivist
    )
    assert Loan.objects.filter(status=LoanStatus.OUT).count() == 1


def test_handing_out_the_same_loan_twice_is_refused(world, folder):
    loan = out(world, folder)
    _refused("该借阅已借出", actions.loan_checkout, loan=loan, actor=world.archivist)


def test_the_database_allows_one_loan_out_per_folder(world, folder):
    out(world, folder)
    second = approved(world, folder, world.assistant)
    with pytest.raises(IntegrityError):
        Loan.objects.filter(pk=second.pk).update(status=LoanStatus.OUT)


def test_should_a_path_miss_the_check_the_constraint_still_answers_a_clear_refusal(world, folder, monkeypatch):
    out(world, folder)
    second = approved(world, folder, world.assistant)
    monkeypatch.setattr(actions, "folder_is_out", lambda archive: False)
    _refused("须归还后才能再借出", actions.loan_checkout, loan=second, actor=world.archivist)
    assert Loan.objects.get(pk=second.pk).status == LoanStatus.APPROVED


def test_only_the_borrower_or_the_archivist_renews(world, folder):
    loan = out(world, folder)
    _refused("只有借阅人或档案管理员可以办理续借", actions.loan_renew, loan=loan, actor=world.supervisor)


@pytest.mark.parametrize("who", ["assistant", "supervisor", "engineer"])
def test_only_the_archivist_takes_a_folder_back(world, folder, who):
    loan = out(world, folder)
    check = actions.ReturnCheck(returned=frozenset(d.pk for d in folder.documents))
    _refused("档案管理员收回", actions.loan_return, loan=loan, actor=world.users[who], check=check)
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.OUT


def test_a_loan_not_out_cannot_be_returned(world, folder):
    _refused(
        "不能归还",
        actions.loan_return,
        loan=approved(world, folder),
        actor=world.archivist,
        check=actions.ReturnCheck(),
    )
