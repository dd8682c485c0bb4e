"""The return is checked against the file list the folder went out with; what is missing or damaged is recorded."""

from __future__ import annotations

import pytest

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import DocumentType
from yidang.core.errors import DomainError
from yidang.loans import actions
from yidang.loans.models import IncidentKind, LoanStatus
from yidang.loans.tests.flow import out
from yidang.timeline.models import EventKind, TimelineEvent


def test_a_missing_document_makes_an_incident_on_the_loan_and_the_timeline(world, folder):
    loan = out(world, folder)
    kept, lost = folder.documents
    check = actions.ReturnCheck(returned=frozenset({kept.pk}), note="第2件未交回，借阅人称遗留在工程部")
    loan = actions.loan_return(loan=loan, actor=world.archivist, check=check)

    assert loan.status == LoanStatus.RETURNED
    incident = loan.incidents.get()
    assert incident.kind == IncidentKind.MISSING and list(incident.documents.all()) == [lost]
    assert incident.recorded_by == world.archivist and incident.note.startswith("第2件未交回")
    event = TimelineEvent.objects.get(room_id=folder.archive.room_id, kind=EventKind.LOAN_INCIDENT)
    assert "缺失" in event.summary and lost.title in event.summary


def test_a_damaged_document_came_back_and_is_recorded_as_damaged(world, folder):
    loan = out(world, folder)
    torn, whole = folder.documents
    # Ticked "damaged" only: a damaged paper is a paper that came back.
    check = actions.ReturnCheck(returned=frozenset({whole.pk}), damaged=frozenset({torn.pk}), note="第1件撕破一页")
    loan = actions.loan_return(loan=loan, actor=world.archivist, check=check)
    assert {i.kind: list(i.documents.all()) for i in loan.incidents.all()} == {IncidentKind.DAMAGED: [torn]}


def test_missing_or_damaged_papers_need_a_note(world, folder):
    loan = out(world, folder)
    with pytest.raises(DomainError, match="请在“归还检查”中写明情况"):
        actions.loan_return(loan=loan, actor=world.archivist, check=actions.ReturnCheck(returned=frozenset()))
    loan.refresh_from_db()
    assert loan.status == LoanStatus.OUT and not loan.incidents.exists()


def test_the_check_is_against_the_list_at_checkout_not_papers_filed_since(world, folder):
    loan = out(world, folder)
    later = document_add(
        archive=folder.archive,
        data=DocumentData(doc_type=DocumentType.objects.get(code="registration_form")),
        actor=world.archivist,
    )
    with pytest.raises(DomainError, match="不在本次借出的文件清单中"):
        actions.loan_return(loan=loan, actor=world.archivist, check=actions.ReturnCheck(returned=frozenset({later.pk})))
    everything = frozenset(d.pk for d in folder.documents)
    loan = actions.loan_return(loan=loan, actor=world.archivist, check=actions.ReturnCheck(returned=everything))
    assert loan.status == LoanStatus.RETURNED and not loan.incidents.exists()
