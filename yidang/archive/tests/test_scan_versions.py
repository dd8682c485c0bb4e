"""A new scan is a new version: old versions and their bytes stay; stored bytes are never overwritten."""

from __future__ import annotations

import os
from unittest import mock

import pytest

from yidang.archive import actions
from yidang.archive.actions import scan_add
from yidang.archive.models import Scan
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, stored_files, upload
from yidang.core.errors import DomainError


def test_a_second_upload_is_version_two_and_version_one_stays(world, document, media):
    first_bytes, second_bytes = pdf_bytes(pages=1), pdf_bytes(pages=2)
    first = scan_add(document=document, upload=upload(first_bytes), actor=world.archivist)

    second = scan_add(document=document, upload=upload(second_bytes), actor=world.archivist)

    assert (first.version, second.version) == (1, 2)
    assert first.storage_name != second.storage_name
    assert (media / first.storage_name).read_bytes() == first_bytes
    assert (media / second.storage_name).read_bytes() == second_bytes
    assert list(document.scans.values_list("version", flat=True)) == [2, 1]
    document.refresh_from_db()
    assert document.scan_count == 2


def test_the_same_bytes_twice_on_one_document_are_refused(world, document, media):
    content = pdf_bytes()
    scan_add(document=document, upload=upload(content), actor=world.archivist)

    with pytest.raises(DomainError) as refused:
        scan_add(document=document, upload=upload(content, "again.pdf"), actor=world.archivist)

    assert refused.value.message == "该扫描件与第1版内容完全相同（SHA-256 一致），无需重复上传"
    assert document.scans.count() == 1


def test_the_same_bytes_on_another_document_reuse_the_stored_file_untouched(world, archive, document, media):
    content = image_bytes("PNG")
    first = scan_add(document=document, upload=upload(content, "a.png"), actor=world.archivist)
    stored = media / first.storage_name
    stamp = stored.stat().st_mtime_ns
    os.utime(stored, ns=(stamp - 10**9, stamp - 10**9))  # so a rewrite would show
    other = file_document(archive, "key_receipt", world.archivist)

    second = scan_add(document=other, upload=upload(content, "b.png"), actor=world.archivist)

    assert second.storage_name == first.storage_name
    assert stored.stat().st_mtime_ns == stamp - 10**9
    assert stored_files(media) == sorted([first.storage_name, first.thumbnail_name])


def test_a_record_that_fails_to_commit_leaves_no_file_behind(world, document, media):
    failing = mock.patch.object(actions, "timeline_add", side_effect=RuntimeError("database went away"))
    with failing, pytest.raises(RuntimeError):
        scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)

    assert not Scan.objects.exists()
    assert stored_files(media) == []


def test_a_failed_record_keeps_bytes_that_an_earlier_scan_relies_on(world, archive, document, media):
    content = pdf_bytes()
    kept = scan_add(document=document, upload=upload(content), actor=world.archivist)
    other = file_document(archive, "key_receipt", world.archivist)

    failing = mock.patch.object(actions, "timeline_add", side_effect=RuntimeError("database went away"))
    with failing, pytest.raises(RuntimeError):
        scan_add(document=other, upload=upload(content), actor=world.archivist)

    assert (media / kept.storage_name).read_bytes() == content
    assert Scan.objects.count() == 1
