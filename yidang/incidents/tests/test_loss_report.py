"""A loss or damage report: what, when found, by whom; the papers' state follows through the archive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yidang.audit.models import AuditEvent
from yidang.core.errors import DomainError
from yidang.incidents.actions import IncidentData, incident_report
from yidang.incidents.models import Cause, IncidentKind, IncidentReport, IncidentStatus
from yidang.incidents.queries import damaged_document_ids
from yidang.notifications.models import Notification
from yidang.timeline.models import EventKind, TimelineEvent


def test_a_missing_paper_is_reported_and_no_longer_in_the_folder(world, folder):
    archive, (first, second, _third) = folder
    found = timezone.now() - timedelta(hours=3, seconds=12)
    data = IncidentData(kind=IncidentKind.MISSING, documents=(second.pk,), note="年度清点时发现缺失", found_at=found)
    report = incident_report(archive=archive, data=data, actor=world.assistant)

    assert report.status == IncidentStatus.OPEN and report.cause == Cause.UNKNOWN
    assert report.recorded_by == world.assistant and report.found_at == found.replace(second=0, microsecond=0)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.paper_present is False and first.paper_present is True
    assert AuditEvent.objects.filter(action="incident.report", object_id=str(report.pk)).exists()
    assert AuditEvent.objects.filter(action="document.update", object_id=str(second.pk)).exists()
    event = TimelineEvent.objects.get(room_id=archive.room_id, kind=EventKind.INCIDENT_REPORT)
    assert "缺失" in event.summary and second.title in event.summary


def test_a_damaged_paper_stays_in_the_folder_marked_damaged_until_closed(world, folder):
    archive, (first, *_rest) = folder
    data = IncidentData(kind=IncidentKind.DAMAGED, documents=(first.pk,), note="受潮，字迹模糊", cause=Cause.NATURAL)
    incident_report(archive=archive, data=data, actor=world.archivist)
    first.refresh_from_db()
    assert first.paper_present is True and damaged_document_ids(archive) == {first.pk}


def test_a_theft_is_told_to_the_cs_manager_at_once(world, folder):
    archive, docs = folder
    data = IncidentData(kind=IncidentKind.MISSING, documents=(docs[0].pk,), note="档案柜锁被撬", cause=Cause.THEFT)
    report = incident_report(archive=archive, data=data, actor=world.archivist)
    notice = Notification.objects.get(user=world.manager)
    assert "被盗" in notice.text and notice.url.endswith(f"/incidents/{report.pk}/")
    assert not Notification.objects.filter(user=world.assistant).exists()


def test_bad_reports_write_nothing(world, folder):
    archive, docs = folder
    jm_doc_ids: tuple[int, ...] = (999999,)
    cases = [
        (IncidentData(kind=IncidentKind.MISSING, documents=(), note="x"), "请选择涉及的文件"),
        (IncidentData(kind=IncidentKind.MISSING, documents=jm_doc_ids, note="x"), "不属于档案"),
        (IncidentData(kind=IncidentKind.MISSING, documents=(docs[0].pk,), note=" "), "请写明情况"),
        (
            IncidentData(
                kind=IncidentKind.MISSING,
                documents=(docs[0].pk,),
                note="x",
                found_at=timezone.now() + timedelta(hours=1),
            ),
            "发现时间不能晚于现在",
        ),
    ]
    for data, message in cases:
        with pytest.raises(DomainError, match=message):
            incident_report(archive=archive, data=data, actor=world.archivist)
    assert not IncidentReport.objects.exists()
    docs[0].refresh_from_db()
    assert docs[0].paper_present is True


def test_only_staff_of_the_project_with_the_right_may_report(world, folder):
    archive, docs = folder
    data = IncidentData(kind=IncidentKind.MISSING, documents=(docs[0].pk,), note="不见了")
    for outsider in (world.jm_assistant, world.engineer, world.gm):
        with pytest.raises(DomainError, match="只能报告本人所在项目"):
            incident_report(archive=archive, data=data, actor=outsider)
    assert not IncidentReport.objects.exists()
