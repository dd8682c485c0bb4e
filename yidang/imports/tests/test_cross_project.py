"""Imports and exports stay inside the user's projects: a JM user cannot touch HY, nor see it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from tests.world import PASSWORD
from yidang.core.errors import DomainError
from yidang.imports.jobs import import_job_create
from yidang.imports.models import ImportJob
from yidang.imports.tests.sheets import row, workbook

SHEET = workbook([row(building="C3", floor=12, number="1201", name="李明")])


def test_a_jm_user_cannot_import_into_hy_through_the_action(world, table_counts):
    before = table_counts()
    with pytest.raises(DomainError, match="您不能向项目 华苑小区 导入数据"):
        import_job_create(user=world.jm_assistant, project=world.hy, data=SHEET, file_name="a.xlsx", mode="commit")
    assert table_counts() == before and not ImportJob.objects.exists()


def test_the_upload_form_offers_only_the_users_projects(world, client):
    client.login(username="jm_assistant", password=PASSWORD)
    page = client.get(reverse("imports:list")).content.decode()
    assert "金茂大厦（JM）" in page and "华苑小区" not in page

    response = client.post(
        reverse("imports:upload"), {"project": world.hy.pk, "file": SimpleUploadedFile("a.xlsx", SHEET)}
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_the_api_refuses_another_projects_import(world, table_counts):
    api = APIClient()
    api.force_authenticate(world.jm_assistant)
    before = table_counts()
    response = api.post(
        "/api/v1/imports/", {"project": world.hy.pk, "mode": "commit", "file": SimpleUploadedFile("a.xlsx", SHEET)}
    )
    assert response.status_code == 400
    assert response.json()["project"] == ["项目不存在，或您不在该项目中"]
    assert table_counts() == before


def test_another_projects_import_job_answers_404(world, client):
    job = ImportJob.objects.create(project=world.hy, created_by=world.assistant, file_name="hy.xlsx")
    client.login(username="jm_assistant", password=PASSWORD)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:annotated", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(world.jm_assistant)
    assert api.get(f"/api/v1/imports/{job.pk}/").status_code == 404
    assert api.get("/api/v1/imports/").json()["count"] == 0


def exported_codes(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [(r[0], r[1], r[3], r[4]) for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_export_never_includes_jm_rows_for_an_hy_user(world, client):
    client.login(username="assistant", password=PASSWORD)
    rows = exported_codes(b"".join(client.get(reverse("imports:export")).streaming_content))

    assert {r[0] for r in rows} == {"HY"}
    assert ("HY", "A2", 15, "1503") in rows and not any(r[1] == "T1" for r in rows)


def test_export_of_another_project_is_refused(world, client):
    client.login(username="assistant", password=PASSWORD)
    response = client.get(reverse("imports:export"), {"project": world.jm.pk})
    assert response.status_code == 302  # back to the page with a message; nothing exported
    api = APIClient()
    api.force_authenticate(world.assistant)
    assert api.get("/api/v1/imports/export/", {"project": world.jm.pk}).status_code == 400
