"""A loan's return check that finds papers missing files a loss report of this app (one model)."""

from __future__ import annotations

import pytest

from yidang.incidents.models import IncidentKind, IncidentReport
from yidang.loans import actions
from yidang.loans.tests.flow import out, shelved_folder
from yidang.timeline.models import EventKind, TimelineEvent
from yidang.workdays.actions import calendar_days_load


@pytest.fixture
def folder_on_loan(world):
    """hy1503's folder (two papers) lent to the engineer through the loans app's own steps."""
    calendar_days_load(actor="test")
    shelved = shelved_folder(world)
    return out(world, shelved), shelved.documents


def test_a_paper_missing_at_return_is_a_loss_report_naming_the_loan(world, folder_on_loan):
    loan, (kept, lost) = folder_on_loan
    check = actions.ReturnCheck(returned=frozenset({kept.pk}), note="第2件未交回")
    actions.loan_return(loan=loan, actor=world.archivist, check=check)

    report = IncidentReport.objects.get()
    assert report.loan == loan and report.archive == loan.archive and report.kind == IncidentKind.MISSING
    assert list(report.documents.all()) == [lost] and report.recorded_by == world.archivist
    lost.refresh_from_db()
    assert lost.paper_present is False
    event = TimelineEvent.objects.get(room_id=loan.archive.room_id, kind=EventKind.LOAN_INCIDENT)
    assert event.object_type == "incidents.incidentreport" and event.object_id == str(report.pk)


def test_a_damaged_paper_at_return_is_a_damage_report(world, folder_on_loan):
    loan, (torn, whole) = folder_on_loan
    check = actions.ReturnCheck(returned=frozenset({whole.pk}), damaged=frozenset({torn.pk}), note="第1件撕破")
    actions.loan_return(loan=loan, actor=world.archivist, check=check)
    report = IncidentReport.objects.get(loan=loan)
    assert report.kind == IncidentKind.DAMAGED and list(report.documents.all()) == [torn]
    torn.refresh_from_db()
    assert torn.paper_present is True
