"""Measures (repair, replace, police, management) and closing; a theft needs the police and management."""

from __future__ import annotations

import pytest

from yidang.core.errors import DomainError
from yidang.incidents.actions import (
    IncidentData,
    StepData,
    incident_cause_set,
    incident_close,
    incident_report,
    incident_step_add,
)
from yidang.incidents.models import Cause, IncidentKind, IncidentStatus, StepKind
from yidang.incidents.queries import damaged_document_ids
from yidang.notifications.models import Notification


def _missing(world, folder, cause=Cause.UNKNOWN):
    archive, docs = folder
    data = IncidentData(kind=IncidentKind.MISSING, documents=(docs[1].pk,), note="借阅后缺失", cause=cause)
    return incident_report(archive=archive, data=data, actor=world.archivist)


def test_a_replacement_from_the_owner_puts_a_copy_back_in_the_folder(world, folder):
    report = _missing(world, folder)
    lost = folder[1][1]
    with pytest.raises(DomainError, match="须注明原件存放处"):
        incident_step_add(
            report=report,
            data=StepData(kind=StepKind.REPLACE, note="业主重新提供", documents=(lost.pk,)),
            actor=world.archivist,
        )
    step = StepData(kind=StepKind.REPLACE, note="业主重新提供复印件", documents=(lost.pk,), original_location="业主处")
    incident_step_add(report=report, data=step, actor=world.archivist)
    lost.refresh_from_db()
    assert lost.paper_present is True and lost.is_original is False and lost.original_location == "业主处"


def test_closing_needs_a_cause_and_a_measure(world, folder):
    report = _missing(world, folder)
    with pytest.raises(DomainError, match="结案前须认定原因"):
        incident_close(report=report, note="已处理", actor=world.archivist)
    incident_cause_set(report=report, cause=Cause.NEGLIGENCE, note="借阅人遗失在工程部", actor=world.supervisor)
    with pytest.raises(DomainError, match="结案前须登记处理措施"):
        incident_close(report=report, note="已处理", actor=world.archivist)
    incident_step_add(
        report=report,
        data=StepData(kind=StepKind.REPLACE, note="补复印件", documents=(folder[1][1].pk,), original_location="业主处"),
        actor=world.archivist,
    )
    report = incident_close(report=report, note="已补齐", actor=world.archivist)
    assert report.status == IncidentStatus.CLOSED and report.closed_by == world.archivist
    with pytest.raises(DomainError, match="已结案"):
        incident_step_add(report=report, data=StepData(kind=StepKind.NOTE, note="补充"), actor=world.archivist)


def test_a_theft_is_closed_only_after_the_police_report_and_the_report_to_management(world, folder):
    report = _missing(world, folder)
    incident_cause_set(report=report, cause=Cause.THEFT, note="监控显示有人取走", actor=world.archivist)
    assert Notification.objects.filter(user=world.manager, key=f"incident-theft-{report.pk}").exists()
    with pytest.raises(DomainError, match="报警回执号"):
        incident_step_add(report=report, data=StepData(kind=StepKind.POLICE, note="已报警"), actor=world.archivist)
    police = StepData(kind=StepKind.POLICE, note="已向派出所报案", police_report_no="京公（朝）受字2026-0815")
    incident_step_add(report=report, data=police, actor=world.archivist)
    with pytest.raises(DomainError, match="被盗须报警"):
        incident_close(report=report, note="结案", actor=world.archivist)
    incident_step_add(
        report=report, data=StepData(kind=StepKind.MANAGEMENT, note="已书面报告总经理"), actor=world.manager
    )
    report = incident_close(report=report, note="已报警并上报，文件待追回", actor=world.manager)
    assert report.status == IncidentStatus.CLOSED and report.police_report_no.startswith("京公")


def test_a_repaired_damage_is_no_longer_damaged_once_closed(world, folder):
    archive, docs = folder
    data = IncidentData(kind=IncidentKind.DAMAGED, documents=(docs[0].pk,), note="撕破", cause=Cause.NEGLIGENCE)
    report = incident_report(archive=archive, data=data, actor=world.archivist)
    incident_step_add(report=report, data=StepData(kind=StepKind.REPAIR, note="已托裱修复"), actor=world.archivist)
    incident_close(report=report, note="修复完毕", actor=world.archivist)
    assert damaged_document_ids(archive) == set()


def test_assistants_report_but_do_not_handle(world, folder):
    report = _missing(world, folder)
    with pytest.raises(DomainError, match="须由档案管理员或客服主管、经理处理"):
        incident_cause_set(report=report, cause=Cause.THEFT, note="?", actor=world.assistant)
    report.refresh_from_db()
    assert report.cause == Cause.UNKNOWN
