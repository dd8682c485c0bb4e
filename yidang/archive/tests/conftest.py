from __future__ import annotations

import pytest

from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, Document, DocumentType


@pytest.fixture
def media(settings, tmp_path):
    """A MEDIA_ROOT of the test's own, so stored scans can be listed and nothing leaks between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(world) -> Archive:
    return Archive.objects.get(room=world.rooms["hy1503"])


@pytest.fixture
def jm_archive(world) -> Archive:
    return Archive.objects.get(room=world.rooms["jm1503"])


def file_document(archive: Archive, code: str, actor, **fields) -> Document:
    doc_type = DocumentType.objects.get(code=code)
    return document_add(archive=archive, data=DocumentData(doc_type=doc_type, **fields), actor=actor)


@pytest.fixture
def document(world, archive) -> Document:
    return file_document(archive, "handover_record", world.archivist)
