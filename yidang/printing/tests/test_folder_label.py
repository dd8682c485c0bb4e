"""The folder cover label: room, the owner's name in Chinese, archive number, and a QR to the archive page."""

from __future__ import annotations

from django.urls import reverse

from yidang.audit.models import AuditEvent
from yidang.printing.tests.readers import pdf_qr_codes, pdf_text
from yidang.shelving.tests.storage import login


def test_the_folder_label_holds_the_owners_name_and_a_qr_that_decodes_to_the_archive_page(
    client, world, hy1503, settings
):
    settings.YIDANG_BASE_URL = "https://yidang.example.cn"
    response = login(client, "archivist").get(reverse("shelving:folder-label", args=[hy1503.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "张伟" in text and "HY-A2-15-1503" in text and "A2-15-1503" in text
    assert pdf_qr_codes(response.content) == [f"https://yidang.example.cn/archive/{hy1503.pk}/"]


def test_printing_a_label_is_logged(client, world, hy1503):
    login(client, "archivist").get(reverse("shelving:folder-label", args=[hy1503.pk]))
    event = AuditEvent.objects.get(action="print.folder_label")
    assert (event.actor, event.object_id, event.project_id) == (world.archivist, str(hy1503.pk), world.hy.pk)


def test_only_the_archivist_prints_folder_labels_and_only_in_her_projects(client, world, hy1503):
    assert login(client, "assistant").get(reverse("shelving:folder-label", args=[hy1503.pk])).status_code == 403
    jm_file = world.rooms["jm1503"].archive
    assert login(client, "archivist").get(reverse("shelving:folder-label", args=[jm_file.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="print.folder_label").exists()
