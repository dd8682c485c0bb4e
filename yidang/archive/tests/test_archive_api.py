"""Archive API: the same scoping, actions and Chinese errors as the pages."""

from __future__ import annotations

import hashlib

import pytest

from yidang.archive.actions import scan_add
from yidang.archive.models import Document, Scan
from yidang.archive.tests.scanfiles import EXE, pdf_bytes, stored_files, upload
from yidang.audit.models import AuditEvent
from yidang.households.tests.helpers import api_client


@pytest.fixture
def api(world):
    return api_client(world.assistant)


def test_the_list_holds_only_the_users_projects_files(api):
    response = api.get("/api/v1/archives/")
    assert response.status_code == 200
    assert sorted(a["number"] for a in response.json()["results"]) == ["HY-A2-15-1503", "HY-B1-8-801"]


def test_the_list_filters_by_project_and_completeness(api, world, archive):
    response = api.get("/api/v1/archives/", {"project": "HY", "state": "complete"})
    assert response.json()["count"] == 0
    assert api.get("/api/v1/archives/", {"project": "JM"}).status_code == 404


def test_the_detail_has_the_checklist_and_completeness(api, archive):
    body = api.get(f"/api/v1/archives/{archive.pk}/").json()
    assert (body["required_count"], body["satisfied_count"], body["completeness_percent"]) == (9, 0, 0)
    assert body["owners"] == "张伟"
    assert len(body["checklist"]) == 9 and not any(i["satisfied"] for i in body["checklist"])


def test_another_projects_file_answers_404(api, jm_archive):
    assert api.get(f"/api/v1/archives/{jm_archive.pk}/").status_code == 404
    assert api.get(f"/api/v1/archives/{jm_archive.pk}/documents/").status_code == 404


def test_engineering_staff_are_refused(world, archive):
    assert api_client(world.engineer).get("/api/v1/archives/").status_code == 403


def test_a_document_is_filed_and_updated(api, archive):
    created = api.post(
        f"/api/v1/archives/{archive.pk}/documents/",
        {"doc_type": "handover_record", "pages": 3, "source": "业主本人"},
        format="json",
    )
    assert created.status_code == 201
    assert (created.json()["item_no"], created.json()["title"]) == (1, "房屋交接确认表")

    doc_id = created.json()["id"]
    updated = api.put(
        f"/api/v1/archives/{archive.pk}/documents/{doc_id}/",
        {"doc_type": "handover_record", "pages": 4, "title": "交接表（补签）"},
        format="json",
    )
    assert updated.status_code == 200
    assert Document.objects.get(pk=doc_id).pages == 4
    assert api.get(f"/api/v1/archives/{archive.pk}/").json()["satisfied_count"] == 1


def test_a_broken_rule_answers_400_in_chinese(api, archive):
    response = api.post(
        f"/api/v1/archives/{archive.pk}/documents/",
        {"doc_type": "owner_id_copy", "is_original": False},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "复印件须注明原件存放处"
    assert not Document.objects.exists()


def test_the_general_manager_may_read_but_not_file(world, archive):
    gm = api_client(world.gm)
    assert gm.get(f"/api/v1/archives/{archive.pk}/documents/").status_code == 200
    response = gm.post(f"/api/v1/archives/{archive.pk}/documents/", {"doc_type": "handover_record"}, format="json")
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_a_scan_is_uploaded_listed_and_downloaded(api, archive, document, media):
    content = pdf_bytes()
    url = f"/api/v1/archives/{archive.pk}/documents/{document.pk}/scans/"

    created = api.post(url, {"upload": upload(content, "交接表.pdf")}, format="multipart")

    assert created.status_code == 201
    assert created.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert [s["version"] for s in api.get(url).json()] == [1]
    download = api.get(created.json()["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert (AuditEvent.objects.get(action="scan.download").after or {})["via"] == "api"


def test_a_refused_scan_answers_400_and_stores_nothing(api, archive, document, media):
    url = f"/api/v1/archives/{archive.pk}/documents/{document.pk}/scans/"

    response = api.post(url, {"upload": upload(EXE, "发票.pdf")}, format="multipart")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "文件内容是可执行程序，不是PDF，已拒收",
        "code": "scan_refused",
        "field": "upload",
    }
    assert not Scan.objects.exists()
    assert stored_files(media) == []


def test_another_projects_scan_cannot_be_downloaded(api, world, jm_archive, media):
    from yidang.archive.tests.conftest import file_document

    doc = file_document(jm_archive, "handover_record", world.jm_assistant)
    scan = scan_add(document=doc, upload=upload(pdf_bytes()), actor=world.jm_assistant)

    assert api.get(f"/api/v1/scans/{scan.pk}/download/").status_code == 404
    assert api.get("/api/v1/scans/").json()["count"] == 0
    assert not AuditEvent.objects.filter(action="scan.download").exists()


def test_completeness_per_project(api, world, archive):
    body = api.get("/api/v1/archives/completeness/", {"project": "HY"}).json()
    assert (body["files"], body["required"], body["satisfied"], body["percent"]) == (2, 18, 0, 0)
    assert [b["code"] for b in body["buildings"]] == ["A2", "B1"]
    assert api.get("/api/v1/archives/completeness/", {"project": "JM"}).status_code == 404
