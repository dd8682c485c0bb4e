"""The daily sweep lists newly expired papers on the project's open appraisal, once."""

from __future__ import annotations

from datetime import date

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import DocumentType
from yidang.audit.models import AuditEvent
from yidang.households.actions import household_occupancy_end
from yidang.retention import actions
from yidang.retention.models import Appraisal, AppraisalItem
from yidang.retention.tests.flow import TODAY
from yidang.timeline.models import TimelineEvent


def test_the_sweep_lists_expired_papers_and_not_permanent_or_unexpired_ones(papers):
    listed = actions.retention_sweep(today=TODAY)

    assert listed == 2
    appraisal = Appraisal.objects.get()
    assert appraisal.number == "JD-HY-2026-001"
    items = {i.document_id: i.expired_on for i in appraisal.items.all()}
    assert items == {papers.notice.pk: date(2023, 1, 1), papers.worker_register.pk: date(2025, 1, 1)}
    assert AuditEvent.objects.filter(action="retention.sweep").count() == 1
    assert TimelineEvent.objects.filter(kind="retention.expired", room=papers.archive.room_id).count() == 2


def test_running_the_sweep_again_adds_nothing(papers):
    actions.retention_sweep(today=TODAY)

    assert actions.retention_sweep(today=TODAY) == 0
    assert AppraisalItem.objects.count() == 2
    assert Appraisal.objects.count() == 1


def test_a_kept_paper_comes_back_only_when_its_new_period_ends(papers, world):
    actions.retention_sweep(today=TODAY)
    item = AppraisalItem.objects.get(document=papers.notice)
    actions.appraisal_item_decide(item=item, decision="keep", keep_years=5, reason="涉及维修争议", actor=world.manager)
    item.refresh_from_db()
    assert item.keep_until == date(2032, 1, 1)

    assert actions.retention_sweep(today=TODAY) == 0
    assert actions.retention_sweep(today=date(2032, 1, 1)) == 1


def test_a_tenancy_paper_expires_from_the_tenants_move_out(world, media, calendar):
    from yidang.archive.models import Archive
    from yidang.households.actions import household_occupant_add
    from yidang.households.models import OccupantRole
    from yidang.people.actions import PersonData

    room = world.rooms["hy1503"]
    tenancy = household_occupant_add(
        room=room,
        role=OccupantRole.TENANT,
        actor=world.archivist,
        person_data=PersonData(name="李租", sex="M"),
        start_date=date(2011, 1, 1),
    )
    archive = Archive.objects.get(room=room)
    lease = DocumentType.objects.get(code="lease_copy")
    assert lease.retention_trigger == "move_out"
    doc = document_add(
        archive=archive,
        data=DocumentData(doc_type=lease, doc_date=date(2011, 1, 1), is_original=False, original_location="租户处"),
        actor=world.archivist,
    )
    assert actions.retention_sweep(today=TODAY) == 0  # the tenant still lives there

    household_occupancy_end(occupancy=tenancy, end_date=date(2014, 6, 30), actor=world.archivist)

    assert actions.retention_sweep(today=TODAY) == 1  # 10 years from 2015-01-01
    assert AppraisalItem.objects.get().document_id == doc.pk
    assert AppraisalItem.objects.get().expired_on == date(2025, 1, 1)
