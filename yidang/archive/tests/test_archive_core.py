"""One household, one file: opened at the first occupancy, its checklist following the household."""

from __future__ import annotations

import pytest
from django.db import transaction

from yidang.archive.actions import DocumentData, archive_open, document_add
from yidang.archive.bulk import archives_open_bulk
from yidang.archive.models import Archive, ChecklistItem, DocumentType
from yidang.core.errors import DomainError
from yidang.households.actions import household_company_add, household_occupant_add
from yidang.people.actions import PersonData
from yidang.timeline.models import TimelineEvent


def test_the_first_occupancy_opens_the_households_file(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    assert archive.number == "HY-A2-15-1503"
    assert archive.required_count == 9  # the always-required move-in papers
    assert archive.satisfied_count == 0


def test_a_vacant_room_has_no_file_until_someone_moves_in(world):
    room = world.rooms["hy0802"]
    assert not Archive.objects.filter(room=room).exists()
    household_occupant_add(room=room, role="owner", person_data=PersonData(name="李四"), actor=world.archivist)
    assert Archive.objects.filter(room=room).count() == 1


def test_opening_twice_returns_the_same_file(world):
    room = world.rooms["hy1503"]
    assert archive_open(room=room, actor=world.archivist) == archive_open(room=room, actor=world.archivist)


def test_a_tenant_adds_the_tenancy_papers_to_the_checklist(world):
    room = world.rooms["hy1503"]
    household_occupant_add(room=room, role="tenant", person_data=PersonData(name="李娜"), actor=world.archivist)
    codes = set(ChecklistItem.objects.filter(archive__room=room).values_list("doc_type__code", flat=True))
    assert {"tenancy_registration", "lease_copy"} <= codes


def test_a_company_owner_needs_a_business_licence(world):
    room = world.rooms["hy0802"]
    household_company_add(room=room, role="owner", name="华苑商贸有限公司", actor=world.archivist)
    assert ChecklistItem.objects.filter(archive__room=room, doc_type__code="business_licence").exists()


def test_a_filed_document_ticks_its_checklist_item_and_is_numbered(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    doc_type = DocumentType.objects.get(code="handover_record")
    first = document_add(archive=archive, data=DocumentData(doc_type=doc_type), actor=world.archivist)
    second = document_add(archive=archive, data=DocumentData(doc_type=doc_type, title="补充页"), actor=world.archivist)
    archive.refresh_from_db()
    assert (first.item_no, second.item_no) == (1, 2)
    assert archive.satisfied_count == 1
    assert ChecklistItem.objects.get(archive=archive, doc_type=doc_type).satisfied
    assert TimelineEvent.objects.filter(room=archive.room, kind="document.add").count() == 2


def test_a_copy_must_say_where_the_original_is(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    doc_type = DocumentType.objects.get(code="owner_id_copy")
    with pytest.raises(DomainError, match="复印件须注明原件存放处"):
        document_add(archive=archive, data=DocumentData(doc_type=doc_type, is_original=False), actor=world.archivist)
    assert not archive.documents.exists()


def test_a_retention_override_needs_a_reason(world):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    doc_type = DocumentType.objects.get(code="key_receipt")
    with pytest.raises(DomainError, match="须填写调整理由"):
        document_add(
            archive=archive, data=DocumentData(doc_type=doc_type, retention_class="permanent"), actor=world.archivist
        )
    doc = document_add(
        archive=archive,
        data=DocumentData(doc_type=doc_type, retention_class="permanent", retention_reason="涉及诉讼"),
        actor=world.archivist,
    )
    assert (doc.retention_class, doc.retention_reason) == ("permanent", "涉及诉讼")


def test_bulk_opening_matches_opening_one_by_one(world):
    from yidang.households.models import Occupancy
    from yidang.people.models import Person
    from yidang.places.actions import room_create

    room = room_create(project=world.hy, building_code="C1", floor=3, number="301", actor=world.archivist)
    person = Person.objects.create(name="赵六")
    Occupancy.objects.create(room=room, person=person, role="tenant")
    with transaction.atomic():
        assert archives_open_bulk(room_ids=[room.id, world.rooms["hy0802"].id], actor=world.archivist) == 1
    archive = Archive.objects.get(room=room)
    assert archive.number == "HY-C1-3-301"
    assert archive.required_count == ChecklistItem.objects.filter(archive=archive).count() == 9 + 2  # move-in + tenancy
    assert TimelineEvent.objects.filter(room=room, kind="archive.open").count() == 1
