"""Every download of a scan goes through a scoped view and leaves an audit row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yidang.archive.actions import scan_add
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, upload
from yidang.audit.models import AuditEvent


@pytest.fixture
def scan(world, document, media):
    return scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)


def _downloads() -> int:
    return AuditEvent.objects.filter(action="scan.download").count()


def test_a_download_sends_the_bytes_and_writes_an_audit_row(client, world, scan, media):
    client.force_login(world.assistant)

    response = client.get(reverse("archive:scan-download", args=[scan.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (media / scan.storage_name).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    row = AuditEvent.objects.get(action="scan.download")
    assert (row.actor, row.object_id, row.project_id) == (world.assistant, str(scan.pk), world.hy.pk)
    assert row.after == {"archive": "HY-A2-15-1503", "item_no": 1, "version": 1, "via": "web"}


def test_another_projects_scan_answers_404_and_is_not_recorded(client, world, jm_archive, media):
    doc = file_document(jm_archive, "handover_record", world.jm_assistant)
    jm_scan = scan_add(document=doc, upload=upload(image_bytes("PNG")), actor=world.jm_assistant)
    client.force_login(world.assistant)

    assert client.get(reverse("archive:scan-download", args=[jm_scan.pk])).status_code == 404
    assert client.get(reverse("archive:scan-thumbnail", args=[jm_scan.pk])).status_code == 404
    assert _downloads() == 0


def test_engineering_staff_cannot_download(client, world, scan):
    client.force_login(world.engineer)
    assert client.get(reverse("archive:scan-download", args=[scan.pk])).status_code == 403
    assert _downloads() == 0


def test_the_preview_is_served_without_counting_as_a_download(client, world, scan):
    client.force_login(world.assistant)

    response = client.get(reverse("archive:scan-thumbnail", args=[scan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert _downloads() == 0


def test_a_scan_whose_file_is_gone_answers_404_in_chinese(client, world, scan, media):
    (media / scan.storage_name).unlink()
    client.force_login(world.assistant)

    response = client.get(reverse("archive:scan-download", args=[scan.pk]))

    assert response.status_code == 404
    assert _downloads() == 0
