"""Each missing or faulty item of a file becomes a chase task with an owner, due on the working calendar."""

from __future__ import annotations

import pytest
import time_machine

from yidang.core.errors import DomainError
from yidang.inspections.actions import inspection_record_submit
from yidang.inspections.models import (
    ChaseStatus,
    ChaseTask,
    Finding,
    FindingKind,
    InspectionStatus,
    RecordStatus,
)
from yidang.inspections.queries import record_checklist
from yidang.inspections.tests.conftest import local
from yidang.inspections.tests.helpers import checks_for, sample_record
from yidang.timeline.models import EventKind, TimelineEvent

PROBLEMS = {"owners_covenant": (FindingKind.MISSING, ""), "owner_id_copy": (FindingKind.EXPIRED, "身份证已过期")}


def test_the_record_starts_from_the_files_checklist(world):
    record = sample_record(world)
    codes = set(record_checklist(record).values_list("doc_type__code", flat=True))
    assert {"owners_covenant", "owner_id_copy", "handover_record"} <= codes
    assert len(checks_for(record)) == len(codes)


def test_findings_become_chase_tasks_due_two_working_days_later(world, calendar):
    record = sample_record(world)
    with time_machine.travel(local(2025, 9, 30, 10), tick=False):
        inspection_record_submit(
            record=record, checks=checks_for(record, PROBLEMS), owner=world.assistant, actor=world.supervisor
        )
    findings = {f.doc_type.code: f.kind for f in Finding.objects.filter(record=record)}
    assert findings == {"owners_covenant": FindingKind.MISSING, "owner_id_copy": FindingKind.EXPIRED}
    tasks = ChaseTask.objects.filter(finding__record=record)
    assert tasks.count() == 2
    # 1–8 October 2025 are off: the 2 working days are the 9th and the 10th.
    assert {(t.owner, t.due_at, t.status) for t in tasks} == {(world.assistant, local(2025, 10, 10, 18), "open")}
    record.refresh_from_db()
    assert record.status == RecordStatus.DONE and record.inspector == world.supervisor


def test_the_chase_period_is_a_setting(world, calendar, settings):
    settings.YIDANG_INSPECTION_CHASE_WORKING_DAYS = 5
    record = sample_record(world)
    with time_machine.travel(local(2026, 11, 16, 10), tick=False):  # a Monday
        inspection_record_submit(
            record=record, checks=checks_for(record, PROBLEMS), owner=world.assistant, actor=world.supervisor
        )
    assert {t.due_at for t in ChaseTask.objects.all()} == {local(2026, 11, 23, 18)}


def test_a_clean_file_makes_no_task_and_needs_no_owner(world):
    record = sample_record(world)
    inspection_record_submit(record=record, checks=checks_for(record), actor=world.supervisor)
    assert not ChaseTask.objects.exists()


def test_the_check_appears_on_the_household_timeline(world):
    record = sample_record(world)
    inspection_record_submit(
        record=record, checks=checks_for(record, PROBLEMS), owner=world.assistant, actor=world.supervisor
    )
    event = TimelineEvent.objects.get(room=world.rooms["hy1503"], kind=EventKind.INSPECTION_RECORD)
    assert "发现 2 项问题" in event.summary and "缺失 1" in event.summary


def test_the_inspection_is_done_when_its_last_file_is_checked(world):
    record = sample_record(world)
    inspection = record.inspection
    for r in inspection.records.all():
        inspection_record_submit(record=r, checks=checks_for(r), actor=world.supervisor)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DONE and inspection.finished_at is not None


@pytest.mark.parametrize(
    ("owner", "message"),
    [(None, "请指定整改责任人"), ("engineer", "须为本项目的客服人员"), ("jm_assistant", "须为本项目的客服人员")],
)
def test_a_finding_needs_a_cs_owner_of_the_project(world, owner, message):
    record = sample_record(world)
    with pytest.raises(DomainError, match=message):
        inspection_record_submit(
            record=record,
            checks=checks_for(record, PROBLEMS),
            owner=world.users[owner] if owner else None,
            actor=world.supervisor,
        )
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING and not Finding.objects.exists()


def test_other_problems_must_be_described_and_the_checklist_must_be_complete(world):
    record = sample_record(world)
    with pytest.raises(DomainError, match="请写明情况"):
        inspection_record_submit(
            record=record,
            checks=checks_for(record, {"handover_record": (FindingKind.OTHER, " ")}),
            owner=world.assistant,
            actor=world.supervisor,
        )
    with pytest.raises(DomainError, match="目录不符"):
        inspection_record_submit(record=record, checks=checks_for(record)[1:], actor=world.supervisor)
    assert not Finding.objects.exists()


@pytest.mark.parametrize("who", ["archivist", "manager", "assistant", "jm_assistant"])
def test_only_the_supervisor_records_a_check(world, who):
    record = sample_record(world)
    with pytest.raises(DomainError):
        inspection_record_submit(record=record, checks=checks_for(record), actor=world.users[who])
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING


def test_a_file_is_checked_once(world):
    record = sample_record(world)
    inspection_record_submit(record=record, checks=checks_for(record), actor=world.supervisor)
    with pytest.raises(DomainError, match="不能重复提交"):
        inspection_record_submit(record=record, checks=checks_for(record), actor=world.supervisor)


def test_closing_a_task_needs_what_was_done(world):
    from yidang.inspections.actions import chase_task_close

    record = sample_record(world)
    inspection_record_submit(
        record=record, checks=checks_for(record, PROBLEMS), owner=world.assistant, actor=world.supervisor
    )
    task = ChaseTask.objects.filter(finding__doc_type__code="owners_covenant").get()
    with pytest.raises(DomainError, match="请写明整改情况"):
        chase_task_close(task=task, actor=world.assistant, resolution="  ")
    with pytest.raises(DomainError, match="只有责任人或客服主管"):
        chase_task_close(task=task, actor=world.archivist, resolution="已补")
    task.refresh_from_db()
    assert task.status == ChaseStatus.OPEN
    chase_task_close(task=task, actor=world.assistant, resolution="业主已补签临时管理规约，原件归档")
    task.refresh_from_db()
    assert (task.status, task.closed_by) == (ChaseStatus.CLOSED, world.assistant)
    assert TimelineEvent.objects.filter(room=world.rooms["hy1503"], kind=EventKind.INSPECTION_CHASE).exists()
