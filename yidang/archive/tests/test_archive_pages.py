"""The archive page: header, catalogue by category, checklist and the forms that change the file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yidang.archive.actions import scan_add
from yidang.archive.models import Archive, Document, Scan
from yidang.archive.tests.conftest import file_document
from yidang.archive.tests.scanfiles import EXE, pdf_bytes, stored_files, upload
from yidang.audit.models import AuditEvent


def page(archive: Archive) -> str:
    return reverse("archive:detail", args=[archive.pk])


def test_the_archive_page_shows_header_catalogue_and_checklist(client, world, archive, document, media):
    scan_add(document=document, upload=upload(pdf_bytes()), actor=world.archivist)
    client.force_login(world.assistant)

    response = client.get(page(archive))

    assert response.status_code == 200
    html = response.content.decode()
    assert "HY-A2-15-1503" in html and "张伟" in html
    assert "1/9" in html  # completeness x/y
    assert "入伙资料" in html and "房屋交接确认表" in html
    assert reverse("archive:scan-download", args=[Scan.objects.get().pk]) in html
    assert "前期物业服务合同" in html  # still missing on the checklist


def test_another_projects_file_answers_404(client, world, jm_archive):
    client.force_login(world.assistant)
    assert client.get(page(jm_archive)).status_code == 404


def test_engineering_staff_are_refused(client, world, archive):
    client.force_login(world.engineer)
    assert client.get(page(archive)).status_code == 403


def test_the_general_manager_reads_but_sees_no_forms_and_cannot_post(client, world, archive):
    client.force_login(world.gm)
    response = client.get(page(archive))
    assert response.status_code == 200
    assert 'id="form-document"' not in response.content.decode()

    posted = client.post(reverse("archive:document-add", args=[archive.pk]), {"document-doc_type": "1"})
    assert posted.status_code == 403
    assert not Document.objects.exists()


def _doc_form(doc_type_code: str, **extra: str) -> dict[str, str]:
    from yidang.archive.models import DocumentType

    data = {"doc_type": str(DocumentType.objects.get(code=doc_type_code).pk), "pages": "2", "is_original": "on"}
    data["paper_present"] = "on"
    data |= extra
    return {f"document-{k}": v for k, v in data.items()}


def test_adding_a_document_files_it_and_ticks_the_checklist(client, world, archive):
    client.force_login(world.archivist)

    response = client.post(
        reverse("archive:document-add", args=[archive.pk]), _doc_form("handover_record", source="业主本人")
    )

    assert response.status_code == 302
    doc = Document.objects.get(archive=archive)
    assert (doc.item_no, doc.pages, doc.source) == (1, 2, "业主本人")
    archive.refresh_from_db()
    assert archive.satisfied_count == 1


def test_a_retention_override_without_a_reason_is_shown_beside_the_field(client, world, archive):
    client.force_login(world.archivist)

    response = client.post(
        reverse("archive:document-add", args=[archive.pk]), _doc_form("key_receipt", retention_class="permanent")
    )

    assert response.status_code == 400
    assert response.context["forms"]["document"].errors["retention_reason"] == [
        "保管期限与文件类型默认值（定期30年）不同，须填写调整理由"
    ]
    assert "须填写调整理由" in response.content.decode()
    assert not Document.objects.exists()


def test_editing_a_document_saves_it(client, world, archive, document):
    client.force_login(world.archivist)
    form = client.get(reverse("archive:document-edit-form", args=[archive.pk, document.pk]))
    assert form.status_code == 200 and "保存修改" in form.content.decode()

    data = {k.replace("document-", f"doc{document.pk}-"): v for k, v in _doc_form("handover_record").items()}
    data[f"doc{document.pk}-title"] = "房屋交接确认表（补签）"
    response = client.post(reverse("archive:document-edit", args=[archive.pk, document.pk]), data)

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "房屋交接确认表（补签）"


def test_uploading_a_scan_on_the_page_stores_a_version(client, world, archive, document, media):
    client.force_login(world.archivist)

    response = client.post(
        reverse("archive:scan-upload", args=[archive.pk]),
        {"scan-document": str(document.pk), "scan-upload": upload(pdf_bytes(), "交接表.pdf")},
    )

    assert response.status_code == 302
    assert Scan.objects.get().document == document


def test_a_refused_upload_shows_its_chinese_error_beside_the_file_field(client, world, archive, document, media):
    client.force_login(world.archivist)

    response = client.post(
        reverse("archive:scan-upload", args=[archive.pk]),
        {"scan-document": str(document.pk), "scan-upload": upload(EXE, "发票.pdf")},
    )

    assert response.status_code == 400
    assert response.context["forms"]["scan"].errors["upload"] == ["文件内容是可执行程序，不是PDF，已拒收"]
    assert "文件内容是可执行程序，不是PDF，已拒收" in response.content.decode()
    assert not Scan.objects.exists()
    assert stored_files(media) == []


def test_marking_a_renovation_adds_its_papers_to_the_checklist(client, world, archive):
    client.force_login(world.archivist)

    response = client.post(reverse("archive:flags", args=[archive.pk]), {"flags-has_renovation": "on"})

    assert response.status_code == 302
    archive.refresh_from_db()
    assert archive.has_renovation
    assert archive.checklist.filter(doc_type__code="renovation_permit").exists()
    assert AuditEvent.objects.filter(action="archive.flags", object_id=str(archive.pk)).exists()


def test_posting_to_another_projects_file_answers_404_and_changes_nothing(client, world, jm_archive):
    client.force_login(world.assistant)
    response = client.post(reverse("archive:flags", args=[jm_archive.pk]), {"flags-has_renovation": "on"})
    assert response.status_code == 404
    jm_archive.refresh_from_db()
    assert not jm_archive.has_renovation


def test_a_household_links_to_its_file(client, world, archive):
    client.force_login(world.assistant)
    response = client.get(reverse("archive:room", args=[world.rooms["hy1503"].pk]))
    assert response.status_code == 302 and response.url == page(archive)


def test_a_vacant_room_offers_to_open_a_file(client, world):
    room = world.rooms["hy0802"]
    client.force_login(world.archivist)
    assert client.get(reverse("archive:room", args=[room.pk])).status_code == 404

    response = client.post(reverse("archive:room", args=[room.pk]))

    archive = Archive.objects.get(room=room)
    assert response.status_code == 302 and response.url == page(archive)


@pytest.mark.parametrize("documents", [50])
def test_the_page_of_a_full_file_takes_a_fixed_number_of_queries(
    client, world, archive, media, documents, django_assert_max_num_queries
):
    for _ in range(documents):
        file_document(archive, "other", world.archivist)
    client.force_login(world.archivist)
    client.get(page(archive))  # warm the session and permission caches

    with django_assert_max_num_queries(40):
        assert client.get(page(archive)).status_code == 200
