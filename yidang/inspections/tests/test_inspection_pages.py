"""The pages: the supervisor records a check in the browser's form; other roles see; other projects 404."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.world import PASSWORD
from yidang.inspections.actions import inspection_proposals_refresh, inspection_record_submit
from yidang.inspections.models import ChaseTask, FindingKind, InspectionProposal, InspectionRecord, RecordStatus
from yidang.inspections.queries import record_checklist
from yidang.inspections.tests.helpers import checks_for, sample_record
from yidang.usage.models import UsageKind, UsageRecord


def _client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _form(record: InspectionRecord, owner, problems: dict[str, str]) -> dict[str, str]:
    data = {"owner": str(owner.pk) if owner else "", "due_days": "2", "note": "抽查"}
    for item in record_checklist(record):
        data[f"kind_{item.doc_type_id}"] = problems.get(item.doc_type.code, "")
        data[f"note_{item.doc_type_id}"] = ""
    return data


def test_the_supervisor_records_a_check_through_the_page(world, client):
    record = sample_record(world)
    c = _client(client, world.supervisor)
    page = c.get(reverse("inspections:record", args=[record.pk]))
    assert page.status_code == 200 and "保存检查记录" in page.content.decode()
    data = _form(record, world.assistant, {"owners_covenant": FindingKind.UNSIGNED})
    response = c.post(reverse("inspections:record", args=[record.pk]), data)
    assert response.status_code == 302
    task = ChaseTask.objects.get()
    assert (task.owner, task.finding.kind) == (world.assistant, FindingKind.UNSIGNED)


def test_a_finding_without_owner_comes_back_as_a_form_error_and_writes_nothing(world, client):
    record = sample_record(world)
    c = _client(client, world.supervisor)
    data = _form(record, None, {"owners_covenant": FindingKind.MISSING})
    response = c.post(reverse("inspections:record", args=[record.pk]), data)
    assert response.status_code == 400 and "请指定整改责任人" in response.content.decode()
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING and not ChaseTask.objects.exists()


@pytest.mark.parametrize("who", ["archivist", "manager"])
def test_archivist_and_manager_see_but_cannot_record(world, client, who):
    record = sample_record(world)
    c = _client(client, world.users[who])
    page = c.get(reverse("inspections:record", args=[record.pk]))
    assert page.status_code == 200 and "保存检查记录" not in page.content.decode()
    assert c.post(reverse("inspections:record", args=[record.pk]), _form(record, None, {})).status_code == 403
    assert c.get(reverse("inspections:detail", args=[record.inspection_id])).status_code == 200


@pytest.mark.parametrize("who", ["assistant", "engineer", "gm"])
def test_other_roles_do_not_see_inspections(world, client, who):
    record = sample_record(world)
    c = _client(client, world.users[who])
    assert c.get(reverse("inspections:index")).status_code == 403
    assert c.get(reverse("inspections:record", args=[record.pk])).status_code in (403, 404)


def test_another_projects_inspection_answers_404(world, client):
    from tests.world import make_user
    from yidang.accounts.roles import Role

    record = sample_record(world)
    jm_supervisor = make_user("jm_supervisor", Role.CS_SUPERVISOR, [world.jm])
    c = _client(client, jm_supervisor)
    assert c.get(reverse("inspections:detail", args=[record.inspection_id])).status_code == 404
    assert c.get(reverse("inspections:record", args=[record.pk])).status_code == 404
    assert c.get(reverse("inspections:record-print", args=[record.pk])).status_code == 404
    assert record.inspection.project.name not in c.get(reverse("inspections:index")).content.decode()


def test_the_follow_through_page_lists_open_tasks_by_owner_overdue_first(world, client):
    record = sample_record(world)
    inspection_record_submit(
        record=record,
        checks=checks_for(record, {"owners_covenant": (FindingKind.MISSING, "")}),
        owner=world.assistant,
        actor=world.supervisor,
    )
    other = record.inspection.records.exclude(pk=record.pk).order_by("pk")[0]
    inspection_record_submit(
        record=other,
        checks=checks_for(other, {"owners_covenant": (FindingKind.MISSING, "")}),
        owner=world.archivist,
        actor=world.supervisor,
        due_days=0,
    )
    ChaseTask.objects.filter(owner=world.archivist).update(due_at="2020-01-01T10:00:00Z")
    body = _client(client, world.manager).get(reverse("inspections:chase")).content.decode()
    assert body.index("archivist") < body.index("assistant")  # the owner with an overdue task first
    assert "已逾期" in body
    mine = _client(client, world.assistant).get(reverse("inspections:chase")).content.decode()
    assert record.archive.number in mine and other.archive.number not in mine


def test_closing_a_task_on_the_page_needs_what_was_done(world, client):
    record = sample_record(world)
    inspection_record_submit(
        record=record,
        checks=checks_for(record, {"owners_covenant": (FindingKind.MISSING, "")}),
        owner=world.assistant,
        actor=world.supervisor,
    )
    task = ChaseTask.objects.get()
    c = _client(client, world.assistant)
    assert c.post(reverse("inspections:chase-close", args=[task.pk]), {"resolution": ""}).status_code == 400
    assert c.post(reverse("inspections:chase-close", args=[task.pk]), {"resolution": "已补签"}).status_code == 302
    task.refresh_from_db()
    assert task.status == "closed"


def test_overdue_tasks_show_on_the_owners_home_page(world, client):
    record = sample_record(world)
    inspection_record_submit(
        record=record,
        checks=checks_for(record, {"owners_covenant": (FindingKind.MISSING, "")}),
        owner=world.assistant,
        actor=world.supervisor,
    )
    ChaseTask.objects.update(due_at="2020-01-01T10:00:00Z")
    body = _client(client, world.assistant).get(reverse("home")).content.decode()
    assert "整改任务已逾期" in body


def test_the_supervisor_starts_a_proposed_check_from_the_page(world, client):
    inspection_proposals_refresh()
    proposal = InspectionProposal.objects.get(building__code="A2")
    c = _client(client, world.supervisor)
    assert "安排全面检查" in c.get(reverse("inspections:proposals")).content.decode()
    response = c.post(reverse("inspections:proposal-start", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "started"


def test_the_record_prints_as_a_pdf_and_counts_as_a_use(world, client):
    record = sample_record(world)
    inspection_record_submit(record=record, checks=checks_for(record), actor=world.supervisor)
    response = _client(client, world.archivist).get(reverse("inspections:record-print", args=[record.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "质量检查记录" in text and record.archive.number in text and "齐全合格" in text
    assert UsageRecord.objects.filter(kind=UsageKind.PRINT, archive=record.archive, user=world.archivist).exists()


def test_a_plan_is_made_and_approval_with_too_few_checks_is_refused_on_the_page(world, client):
    c = _client(client, world.supervisor)
    response = c.post(reverse("inspections:plans"), {"project": world.hy.pk, "year": "2027"})
    assert response.status_code == 302
    plan_url = response["Location"]
    assert c.post(plan_url, {"month": "6", "kind": "sample", "scope": "全部楼栋"}).status_code == 302
    m = _client(client, world.manager)
    refused = m.post(plan_url + "approve/")
    assert refused.status_code == 400 and "至少 2 次" in refused.content.decode()
    c = _client(client, world.supervisor)
    c.post(plan_url, {"month": "12", "kind": "full", "scope": "A2 栋入伙资料"})
    assert _client(client, world.manager).post(plan_url + "approve/").status_code == 302


def test_a_sample_drawn_from_the_page_shows_its_seed_and_reproduces(world, client):
    c = _client(client, world.supervisor)
    response = c.post(reverse("inspections:sample"), {"project": world.hy.pk, "seed": "77"})
    assert response.status_code == 302
    body = c.get(response["Location"]).content.decode()
    assert "77" in body and "以该种子重抽结果一致" in body
    again = c.post(reverse("inspections:sample"), {"project": world.hy.pk, "seed": ""})
    assert again.status_code == 400 and "每半年一次" in again.content.decode()


def test_a_task_is_closed_only_by_its_owner_or_a_supervisor(world, client):
    record = sample_record(world)
    inspection_record_submit(
        record=record,
        checks=checks_for(record, {"owners_covenant": (FindingKind.MISSING, "")}),
        owner=world.assistant,
        actor=world.supervisor,
    )
    task = ChaseTask.objects.get()
    c = _client(client, world.manager)
    assert "确认办结" not in c.get(reverse("inspections:chase-close", args=[task.pk])).content.decode()
    assert c.post(reverse("inspections:chase-close", args=[task.pk]), {"resolution": "已补"}).status_code == 403
    task.refresh_from_db()
    assert task.status == "open"
    c = _client(client, world.supervisor)
    assert c.post(reverse("inspections:chase-close", args=[task.pk]), {"resolution": "已补"}).status_code == 302


def test_an_empty_post_is_refused_and_writes_nothing(world, client):
    record = sample_record(world)
    c = _client(client, world.supervisor)
    assert c.post(reverse("inspections:record", args=[record.pk]), {}).status_code == 400
    assert c.post(reverse("inspections:plans"), {}).status_code == 400
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING
