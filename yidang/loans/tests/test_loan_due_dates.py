"""Due dates on the working calendar: across National Day, same day for 一级保密 folders, renewals."""

from __future__ import annotations

import pytest
import time_machine

from yidang.core.errors import DomainError
from yidang.loans import actions
from yidang.loans.tests.flow import approved, local, out


def test_a_loan_out_the_day_before_national_day_is_due_on_the_third_working_day_after_it(world, folder):
    loan = approved(world, folder)
    with time_machine.travel(local(2025, 9, 30, 15), tick=False):
        loan = actions.loan_checkout(loan=loan, actor=world.archivist)
    # 1–8 October are off; the 9th and 10th are working days, and so is Saturday the 11th (调休).
    assert loan.due_at == local(2025, 10, 11, 18)


def test_a_confidential_folder_goes_back_the_same_day(world, secret_folder):
    loan = approved(world, secret_folder)
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = actions.loan_checkout(loan=loan, actor=world.archivist)
    assert loan.same_day and loan.due_at == local(2026, 11, 16, 18)


def test_a_confidential_folder_handed_out_after_hours_is_due_at_the_end_of_the_next_working_day(world, secret_folder):
    loan = approved(world, secret_folder)
    with time_machine.travel(local(2025, 9, 30, 19), tick=False):
        loan = actions.loan_checkout(loan=loan, actor=world.archivist)
    assert loan.due_at == local(2025, 10, 9, 18)


def test_with_the_same_day_rule_off_a_confidential_folder_gets_the_working_days(world, secret_folder, settings):
    settings.YIDANG_LOAN_CONFIDENTIAL_SAME_DAY = False
    settings.YIDANG_LOAN_WORKING_DAYS = 5
    loan = approved(world, secret_folder)
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = actions.loan_checkout(loan=loan, actor=world.archivist)
    assert not loan.same_day and loan.due_at == local(2026, 11, 23, 18)


def test_the_end_of_the_working_day_follows_the_setting(world, secret_folder, settings):
    settings.YIDANG_WORKDAY_END = "17:30"
    loan = approved(world, secret_folder)
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = actions.loan_checkout(loan=loan, actor=world.archivist)
    assert loan.due_at == local(2026, 11, 16, 17, 30)


def test_renewal_is_refused_once_the_due_time_has_passed(world, folder):
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = out(world, folder)
    with (
        time_machine.travel(local(2026, 11, 19, 18, 0, 1), tick=False),
        pytest.raises(DomainError, match="已过应还时间"),
    ):
        actions.loan_renew(loan=loan, actor=world.engineer)
    loan.refresh_from_db()
    assert loan.renewals == 0 and loan.due_at == local(2026, 11, 19, 18)


def test_renewals_stop_at_the_configured_number(world, folder, settings):
    settings.YIDANG_LOAN_MAX_RENEWALS = 2
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = out(world, folder)
        loan = actions.loan_renew(loan=loan, actor=world.archivist)
        loan = actions.loan_renew(loan=loan, actor=world.engineer)
        with pytest.raises(DomainError, match="已续借 2 次，达到上限（2 次）"):
            actions.loan_renew(loan=loan, actor=world.engineer)
    assert loan.due_at == local(2026, 11, 27, 18)


def test_a_same_day_loan_is_not_renewed(world, secret_folder):
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):
        loan = out(world, secret_folder)
        with pytest.raises(DomainError, match="须当日归还，不能续借"):
            actions.loan_renew(loan=loan, actor=world.engineer)
