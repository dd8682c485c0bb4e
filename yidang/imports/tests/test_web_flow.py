"""The pages: upload → preview → confirm → result, with the progress bar and the downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.world import PASSWORD
from yidang.imports.models import ImportJob
from yidang.imports.tests.sheets import ID_BAD_CHECKSUM, ID_LI, row, workbook
from yidang.places.models import Room

GOOD = [
    row(building="C3", floor=12, number="1201", name="李明", id_number=ID_LI),
    row(building="C3", floor=12, number="1202"),
]


@pytest.fixture
def client_as(client):
    def login(username):
        client.login(username=username, password=PASSWORD)
        return client

    return login


def upload(client, project, data, capture, name="汇总表.xlsx"):
    with capture(execute=True):
        return client.post(
            reverse("imports:upload"), {"project": project.pk, "file": SimpleUploadedFile(name, data)}, follow=False
        )


def test_huey_runs_tasks_at_once_in_these_tests():
    from huey.contrib.djhuey import HUEY

    assert HUEY.immediate is True


def test_upload_preview_confirm_and_result(world, client_as, django_capture_on_commit_callbacks, table_counts):
    client = client_as("assistant")
    before = table_counts()
    response = upload(client, world.hy, workbook(GOOD), django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    assert (job.status, job.mode, job.created_by) == (ImportJob.Status.READY, ImportJob.Mode.PREVIEW, world.assistant)
    assert table_counts() == before  # the preview wrote nothing
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "预览通过" in page and "确认导入" in page and "C3-12-1201" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.counts["new_rooms"] == 2
    assert Room.objects.filter(project=world.hy, building__code="C3").count() == 2
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "已导入 2 行" in page


def test_a_job_cannot_be_confirmed_twice(world, client_as, django_capture_on_commit_callbacks):
    client = client_as("assistant")
    upload(client, world.hy, workbook(GOOD), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[job.pk]))
        response = client.post(reverse("imports:confirm", args=[job.pk]), follow=True)

    assert "该导入任务已确认过，或预览未通过，不能再次导入" in response.content.decode()
    assert Room.objects.filter(project=world.hy, building__code="C3").count() == 2


def test_a_preview_with_errors_lists_them_and_offers_the_annotated_sheet(
    world, client_as, django_capture_on_commit_callbacks, table_counts
):
    client = client_as("assistant")
    bad = [*GOOD, row(building="C3", floor=12, number="1203", name="王芳", id_number=ID_BAD_CHECKSUM)]
    before = table_counts()
    upload(client, world.hy, workbook(bad, title_rows=["业户基本情况汇总表"]), django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [{"row": 5, "column": "证件号码", "message": "身份证号码校验位错误：最后一位应为 1，实际为 8"}]
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "发现 1 处错误，没有写入任何数据" in page and "身份证号码校验位错误" in page
    assert "确认导入" not in page
    assert table_counts() == before

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("imports:annotated", args=[job.pk])).content)).active
    assert sheet.cell(row=2, column=20).value == "错误说明"
    assert sheet.cell(row=5, column=20).value == "［证件号码］身份证号码校验位错误：最后一位应为 1，实际为 8"
    assert sheet.cell(row=5, column=11).fill.fgColor.rgb == "00FFC7CE"  # the bad cell is red
    assert sheet.cell(row=5, column=11).comment.text.startswith("身份证号码校验位错误")
    assert sheet.cell(row=3, column=20).value is None


def test_a_file_that_is_not_a_workbook_is_a_form_error(world, client_as, django_capture_on_commit_callbacks):
    client = client_as("assistant")
    response = upload(
        client, world.hy, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert "这是旧版 Excel 97-2003 (.xls) 文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_progress_bar_polls_until_the_job_is_done(world, client_as):
    client = client_as("assistant")
    job = ImportJob.objects.create(project=world.hy, created_by=world.assistant, file_name="a.xlsx")
    from yidang.imports.jobs import progress_set

    progress_set(job, "check", 3000, 100000)
    running = client.get(reverse("imports:progress", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert '<progress value="3000" max="100000">' in running.content.decode()
    assert "HX-Refresh" not in running

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.READY)
    finished = client.get(reverse("imports:progress", args=[job.pk]))
    assert finished["HX-Refresh"] == "true"


def test_the_list_page_shows_recent_jobs_and_the_template_downloads(
    world, client_as, django_capture_on_commit_callbacks
):
    client = client_as("assistant")
    upload(client, world.hy, workbook(GOOD), django_capture_on_commit_callbacks, name="三月汇总.xlsx")

    page = client.get(reverse("imports:list")).content.decode()
    assert "三月汇总.xlsx" in page and "上传并预览" in page
    template = client.get(reverse("imports:template"))
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[2]]
    assert headers[:4] == ["项目", "楼栋", "单元", "楼层"] and headers[-1] == "备注"


def test_engineering_staff_cannot_import(world, client_as):
    client = client_as("engineer")
    assert client.get(reverse("imports:list")).status_code == 403
    assert client.get(reverse("imports:template")).status_code == 403
