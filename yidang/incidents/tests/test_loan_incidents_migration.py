"""Return incidents recorded before this app existed become its reports, timeline links and all."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, DocumentType
from yidang.incidents.models import IncidentReport
from yidang.loans.actions import loan_request
from yidang.timeline.models import TimelineEvent

BEFORE = [("loans", "0002_return_check_and_reminders"), ("incidents", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_loan_incidents_are_moved_into_reports(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    doc = document_add(
        archive=archive, data=DocumentData(doc_type=DocumentType.objects.get(code="key_receipt")), actor=world.archivist
    )
    loan = loan_request(archive=archive, purpose="核对", actor=world.engineer)
    old_apps = _migrate(BEFORE)
    try:
        LoanIncident = old_apps.get_model("loans", "LoanIncident")
        at = timezone.now()
        old = LoanIncident.objects.create(
            loan_id=loan.pk, kind="missing", note="第1件未交回", recorded_by_id=world.archivist.pk, recorded_at=at
        )
        old.documents.set([doc.pk])
        TimelineEvent.objects.create(
            room_id=archive.room_id,
            at=at,
            kind="loan.incident",
            summary="归还时文件缺失",
            object_type="loans.loanincident",
            object_id=str(old.pk),
        )
    finally:
        _migrate(_leaves())

    report = IncidentReport.objects.get()
    assert (report.loan_id, report.archive_id, report.kind, report.note) == (
        loan.pk,
        archive.pk,
        "missing",
        "第1件未交回",
    )
    assert report.recorded_by_id == world.archivist.pk and report.found_at == at
    assert list(report.documents.values_list("pk", flat=True)) == [doc.pk]
    event = TimelineEvent.objects.get(kind="loan.incident")
    assert (event.object_type, event.object_id) == ("incidents.incidentreport", str(report.pk))


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
