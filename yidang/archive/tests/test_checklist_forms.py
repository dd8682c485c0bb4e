"""A checklist item is ticked only when its document is held in the form the type requires."""

from __future__ import annotations

import pytest

from yidang.archive.actions import scan_add
from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import ChecklistItem, DocumentType
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import pdf_bytes, upload


def _ticked(archive) -> bool:
    return ChecklistItem.objects.get(archive=archive, doc_type__code="handover_record").satisfied


def _require(form: str) -> None:
    DocumentType.objects.filter(code="handover_record").update(required_form=form)


@pytest.mark.parametrize(
    ("form", "paper", "scanned", "ticked"),
    [
        ("paper", True, False, True),
        ("paper", False, True, False),
        ("scan", True, False, False),
        ("scan", False, True, True),
        ("both", True, False, False),
        ("both", False, True, False),
        ("both", True, True, True),
        ("either", False, True, True),
        ("either", True, False, True),
    ],
)
def test_the_required_form_decides_the_tick(world, archive, media, form, paper, scanned, ticked):
    _require(form)
    doc = file_document(archive, "handover_record", world.archivist, paper_present=paper)
    if scanned:
        scan_add(document=doc, upload=upload(pdf_bytes()), actor=world.archivist)

    assert _ticked(archive) is ticked


def test_uploading_the_scan_a_scan_only_type_needs_completes_the_item_and_the_count(world, archive, media):
    _require("scan")
    checklist_refresh(archive)
    doc = file_document(archive, "handover_record", world.archivist)
    archive.refresh_from_db()
    satisfied_before = archive.satisfied_count

    scan_add(document=doc, upload=upload(pdf_bytes()), actor=world.archivist)

    archive.refresh_from_db()
    assert _ticked(archive)
    assert archive.satisfied_count == satisfied_before + 1


def test_a_copy_does_not_tick_a_type_that_needs_the_original(world, archive):
    file_document(archive, "handover_record", world.archivist, is_original=False, original_location="开发商")
    assert not _ticked(archive)
