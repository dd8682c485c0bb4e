"""Fixtures of the transfer tests: two files of HY with papers, one of JM."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, Document, DocumentType


@dataclass
class Files:
    a1503: Archive
    a0801: Archive
    jm: Archive
    docs: list[Document]  # the three papers of a1503, 件号 1–3


def _papers(archive: Archive, actor, codes: list[str]) -> list[Document]:
    return [
        document_add(
            archive=archive, data=DocumentData(doc_type=DocumentType.objects.get(code=c), pages=2), actor=actor
        )
        for c in codes
    ]


@pytest.fixture
def files(world) -> Files:
    a1503 = Archive.objects.get(room=world.rooms["hy1503"])
    a0801 = Archive.objects.get(room=world.rooms["hy0801"])
    jm = Archive.objects.get(room=world.rooms["jm1503"])
    docs = _papers(a1503, world.archivist, ["handover_record", "key_receipt", "registration_form"])
    _papers(a0801, world.archivist, ["handover_record"])
    _papers(jm, world.jm_assistant, ["handover_record"])
    return Files(a1503, a0801, jm, docs)
