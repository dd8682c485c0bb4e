"""Fixtures of the usage tests: the world's HY file with one filed document and one scan."""

from __future__ import annotations

import pytest

from yidang.archive.actions import scan_add
from yidang.archive.models import Archive, Document, Scan
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import image_bytes, upload
from yidang.usage.models import UsageRecord


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(world) -> Archive:
    return Archive.objects.get(room=world.rooms["hy1503"])


@pytest.fixture
def document(world, archive) -> Document:
    return file_document(archive, "handover_record", world.archivist)


@pytest.fixture
def scan(world, document, media) -> Scan:
    return scan_add(document=document, upload=upload(image_bytes("PNG")), actor=world.archivist)


def uses() -> list[UsageRecord]:
    return list(UsageRecord.objects.order_by("id"))
