"""/api/v1/imports/: upload (preview or commit), job status, confirm, export; token auth; schema."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.world import PASSWORD
from yidang.imports.tests.sheets import ID_BAD_CHECKSUM, ID_LI, row, workbook
from yidang.places.models import Room

SHEET = workbook([row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI)])


@pytest.fixture
def api(world):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "assistant", "password": PASSWORD}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def post(api, capture, data=SHEET, **fields):
    with capture(execute=True):
        return api.post("/api/v1/imports/", {"file": SimpleUploadedFile("a.xlsx", data), **fields})


def test_a_preview_then_a_commit_through_the_api(world, api, django_capture_on_commit_callbacks):
    created = post(api, django_capture_on_commit_callbacks, project=world.hy.pk)
    assert created.status_code == 202
    job = api.get(f"/api/v1/imports/{created.json()['id']}/").json()
    assert (job["status"], job["mode"], job["errors"]) == ("ready", "preview", [])
    assert job["counts"]["new_rooms"] == 1 and job["summary"]["new_rooms"] == ["C3-12-1201"]
    assert not Room.objects.filter(code="C3-12-1201").exists()

    with django_capture_on_commit_callbacks(execute=True):
        committed = api.post(f"/api/v1/imports/{job['id']}/commit/")
    assert committed.status_code == 202
    assert api.get(f"/api/v1/imports/{job['id']}/").json()["status"] == "done"
    assert Room.objects.filter(code="C3-12-1201").exists()


def test_a_direct_commit_with_errors_reports_them_and_writes_nothing(
    world, api, django_capture_on_commit_callbacks, table_counts
):
    bad = workbook([row(building="C3", floor=12, number="1201", name="李明", id_number=ID_BAD_CHECKSUM)])
    before = table_counts()
    created = post(api, django_capture_on_commit_callbacks, data=bad, project=world.hy.pk, mode="commit")

    job = api.get(f"/api/v1/imports/{created.json()['id']}/").json()
    assert job["status"] == "invalid"
    assert job["errors"] == [
        {"row": 2, "column": "证件号码", "message": "身份证号码校验位错误：最后一位应为 1，实际为 8"}
    ]
    assert table_counts() == before


def test_a_bad_file_answers_400_not_500(world, api, django_capture_on_commit_callbacks):
    response = post(api, django_capture_on_commit_callbacks, data=b"not a workbook", project=world.hy.pk)
    assert response.status_code == 400
    assert response.json()["detail"] == "文件不是有效的 Excel 工作簿（.xlsx）"


def test_the_job_list_and_the_export(world, api, django_capture_on_commit_callbacks):
    post(api, django_capture_on_commit_callbacks, project=world.hy.pk)
    listed = api.get("/api/v1/imports/").json()
    assert listed["count"] == 1 and "errors" not in listed["results"][0]

    exported = api.get("/api/v1/imports/export/", {"project": world.hy.pk})
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    assert sheet.cell(row=1, column=2).value == "楼栋"


def test_anonymous_and_engineering_callers_are_refused(world):
    anonymous = APIClient()
    assert anonymous.get("/api/v1/imports/").status_code == 401
    engineer = APIClient()
    engineer.force_authenticate(world.engineer)
    assert engineer.get("/api/v1/imports/").status_code == 403
    assert engineer.get("/api/v1/imports/export/").status_code == 403


def test_the_openapi_schema_describes_the_imports_api(world, api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert {
        "/api/v1/imports/",
        "/api/v1/imports/{id}/",
        "/api/v1/imports/{id}/commit/",
        "/api/v1/imports/export/",
    } <= set(schema["paths"])
    body = schema["paths"]["/api/v1/imports/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body
