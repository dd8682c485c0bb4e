"""Twenty archivists' clicks hand out the same folder at once: one loan goes out, nineteen are refused clearly."""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.db import connection

from tests.world import build_world, make_user
from yidang.accounts.roles import Role
from yidang.archive.seed import load as load_document_types
from yidang.core.errors import DomainError
from yidang.loans import actions
from yidang.loans.models import Loan, LoanStatus
from yidang.loans.tests.flow import shelved_folder

THREADS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_checkouts_of_one_folder_give_one_loan_and_nineteen_refusals():
    load_document_types(apps)  # an earlier transactional test may have flushed what migration 0003 seeded
    world = build_world()
    folder = shelved_folder(world)
    borrowers = [make_user(f"borrower{i}", Role.CS_ASSISTANT, [world.hy]) for i in range(THREADS)]
    loans = [
        actions.loan_approve(
            loan=actions.loan_request(archive=folder.archive, purpose="盘点", actor=b), actor=world.supervisor
        )
        for b in borrowers
    ]
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def checkout(loan: Loan) -> None:
        try:
            start.wait()
            try:
                actions.loan_checkout(loan=loan, actor=world.archivist)
                result = "out"
            except DomainError as exc:
                result = exc.message
            except Exception as exc:  # an IntegrityError or a deadlock would land here and fail the test
                result = f"{type(exc).__name__}: {exc}"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(loan,)) for loan in loans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes.count("out") == 1
    refusals = [o for o in outcomes if o != "out"]
    assert len(refusals) == THREADS - 1
    assert all(r.startswith(f"档案 {folder.archive.number} 已借给 borrower") for r in refusals), refusals[:3]
    assert Loan.objects.filter(archive=folder.archive, status=LoanStatus.OUT).count() == 1
    assert Loan.objects.filter(archive=folder.archive, status=LoanStatus.APPROVED).count() == THREADS - 1
