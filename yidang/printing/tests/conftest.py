"""Fixtures of the printout tests: the world's files with documents, and the small store room."""

from __future__ import annotations

from datetime import date

import pytest

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, DocumentType
from yidang.shelving.tests.storage import Storage, build_storage


@pytest.fixture
def storage(world) -> Storage:
    return build_storage(world)


@pytest.fixture
def hy1503(world) -> Archive:
    """张伟's file with two documents: an original hand-over record and a copy of his ID."""
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    handover = DocumentType.objects.get(code="handover_record")
    id_copy = DocumentType.objects.get(code="owner_id_copy")
    document_add(
        archive=archive,
        data=DocumentData(doc_type=handover, title="房屋交接确认表", doc_date=date(2026, 3, 1), pages=2),
        actor=world.archivist,
    )
    document_add(
        archive=archive,
        data=DocumentData(doc_type=id_copy, title="业主身份证复印件", is_original=False, original_location="业主本人"),
        actor=world.archivist,
    )
    return archive
