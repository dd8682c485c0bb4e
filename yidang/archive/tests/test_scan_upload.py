"""A scan is sniffed from its bytes, hashed, stored under its content address with a preview, and recorded."""

from __future__ import annotations

import hashlib

import pytest

from yidang.archive.actions import scan_add
from yidang.archive.models import Scan
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, stored_files, upload
from yidang.audit.models import AuditEvent
from yidang.timeline.models import TimelineEvent


def test_a_pdf_scan_is_stored_under_its_sha256_with_a_first_page_preview(world, document, media):
    content = pdf_bytes(pages=2)
    sha = hashlib.sha256(content).hexdigest()

    scan = scan_add(document=document, upload=upload(content, "交接表.pdf"), actor=world.archivist)

    assert (scan.version, scan.sha256, scan.size) == (1, sha, len(content))
    assert (scan.content_type, scan.original_name) == ("application/pdf", "交接表.pdf")
    assert scan.storage_name == f"scans/{sha[:2]}/{sha[2:4]}/{sha}.pdf"
    assert (media / scan.storage_name).read_bytes() == content
    assert scan.thumbnail_name == f"scans/{sha[:2]}/{sha[2:4]}/{sha}.thumb.jpg"
    assert (media / scan.thumbnail_name).read_bytes()[:3] == b"\xff\xd8\xff"
    document.refresh_from_db()
    assert document.scan_count == 1


@pytest.mark.parametrize(
    ("fmt", "content_type", "ext"),
    [("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png"), ("TIFF", "image/tiff", "tif")],
)
def test_images_are_accepted_with_a_preview(world, document, media, fmt, content_type, ext):
    scan = scan_add(document=document, upload=upload(image_bytes(fmt), f"page.{ext}"), actor=world.archivist)

    assert scan.content_type == content_type
    assert scan.storage_name.endswith(f".{ext}")
    assert (media / scan.thumbnail_name).exists()


def test_the_type_comes_from_the_bytes_not_the_name_or_the_browser(world, document, media):
    png = image_bytes("PNG")

    scan = scan_add(document=document, upload=upload(png, "really.pdf", "application/pdf"), actor=world.archivist)

    assert scan.content_type == "image/png"
    assert scan.storage_name.endswith(".png")
    assert scan.original_name == "really.pdf"


def test_a_path_in_the_uploaded_name_is_dropped(world, document, media):
    scan = scan_add(document=document, upload=upload(pdf_bytes(), "C:\\扫描\\..\\交接表.pdf"), actor=world.archivist)
    assert scan.original_name == "交接表.pdf"


def test_an_upload_writes_its_audit_row_and_timeline_event(world, document, media):
    scan = scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)

    audit = AuditEvent.objects.get(action="scan.add", object_id=str(scan.pk))
    assert audit.actor == world.archivist
    assert (audit.after or {})["sha256"] == scan.sha256
    assert audit.project_id == world.hy.pk
    event = TimelineEvent.objects.get(room=world.rooms["hy1503"], kind="scan.add")
    assert event.summary == "上传扫描件 第1件 房屋交接确认表（第1版）"
    assert event.data["version"] == 1


def test_nothing_else_is_stored_than_the_scan_and_its_preview(world, document, media):
    scan = scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)
    assert stored_files(media) == sorted([scan.storage_name, scan.thumbnail_name])
    assert Scan.objects.count() == 1
