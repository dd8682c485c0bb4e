"""Fixtures of the loss and damage tests: hy1503's folder with three papers."""

from __future__ import annotations

import pytest

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, Document, DocumentType


@pytest.fixture
def folder(world) -> tuple[Archive, list[Document]]:
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    docs = [
        document_add(
            archive=archive, data=DocumentData(doc_type=DocumentType.objects.get(code=c)), actor=world.archivist
        )
        for c in ("handover_record", "key_receipt", "registration_form")
    ]
    return archive, docs
