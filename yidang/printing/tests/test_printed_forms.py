"""The file list, the building catalogue (PDF and Excel), box and place labels: what they hold, who may print."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from yidang.audit.models import AuditEvent
from yidang.printing.tests.readers import pdf_pages, pdf_qr_codes, pdf_text
from yidang.shelving.actions import folder_move
from yidang.shelving.tests.storage import login


def test_the_file_list_lists_every_document_of_the_file(client, world, hy1503):
    response = login(client, "assistant").get(reverse("shelving:file-list", args=[hy1503.pk]))
    text = pdf_text(response.content)
    assert "档案袋文件清单" in text and "张伟" in text
    assert "房屋交接确认表" in text and "2026-03-01" in text and "业主身份证复印件" in text
    assert "原件在业主本人" in text and "共 2 件，3 页" in text
    assert AuditEvent.objects.filter(action="print.file_list", actor=world.assistant).count() == 1


def test_the_catalogue_holds_every_file_of_the_building_with_its_documents(client, world, hy1503):
    building = world.rooms["hy1503"].building
    response = login(client, "supervisor").get(reverse("shelving:catalogue", args=[building.pk]))
    text = pdf_text(response.content)
    assert "华苑小区 A2" in text and "档案目录" in text
    assert "HY-A2-15-1503" in text and "房屋交接确认表" in text
    assert "HY-B1-8-801" not in text  # another building
    assert AuditEvent.objects.filter(action="print.catalogue", object_id=str(building.pk)).count() == 1


def test_the_catalogue_exports_to_excel_one_row_per_document(client, world, hy1503):
    building = world.rooms["hy0801"].building
    response = login(client, "supervisor").get(reverse("shelving:catalogue-xlsx", args=[building.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("档案号", "房号", "业主", "件号", "题名")
    assert rows[1][:3] == ("HY-B1-8-801", "B1-8-801", "欧阳娜娜") and rows[1][4] == "（尚无归档文件）"
    a2 = world.rooms["hy1503"].building
    rows = list(
        load_workbook(BytesIO(client.get(reverse("shelving:catalogue-xlsx", args=[a2.pk])).content)).active.iter_rows(
            values_only=True
        )
    )
    assert [(r[3], r[4]) for r in rows[1:]] == [(1, "房屋交接确认表"), (2, "业主身份证复印件")]
    assert AuditEvent.objects.filter(action="export.catalogue").count() == 2


def test_another_projects_building_is_not_found(client, world, hy1503):
    jm_building = world.rooms["jm1503"].building
    login(client, "supervisor")
    assert client.get(reverse("shelving:catalogue", args=[jm_building.pk])).status_code == 404
    assert client.get(reverse("shelving:catalogue-xlsx", args=[jm_building.pk])).status_code == 404
    assert login(client, "gm").get(reverse("shelving:file-list", args=[hy1503.pk])).status_code == 403


def test_a_box_label_shows_category_year_range_and_a_qr_to_the_box(client, world, storage, hy1503, settings):
    settings.YIDANG_BASE_URL = "http://archive.local:8000/"
    folder_move(archive=hy1503, to_location=storage.box1, actor=world.archivist)
    response = login(client, "archivist").get(reverse("shelving:box-label", args=[storage.box1.pk]))
    text = pdf_text(response.content)
    assert "2026" in text and "HY-A2-15-1503" in text and storage.box1.code in text
    assert pdf_qr_codes(response.content) == [f"http://archive.local:8000/shelving/locations/{storage.box1.pk}/"]
    assert AuditEvent.objects.filter(action="print.box_label").count() == 1


def test_place_labels_print_one_page_per_place_below(client, world, storage):
    login(client, "archivist")
    url = reverse("shelving:location-labels", args=[storage.cabinet.pk])
    single = client.get(url).content
    assert pdf_pages(single) == 1 and "HY-R01-C01" in pdf_text(single)
    every = client.get(url + "?below=1").content
    assert pdf_pages(every) == 4  # the cabinet, its shelf and the two boxes
    assert len(pdf_qr_codes(every)) == 4


def test_a_long_catalogue_is_rendered_by_the_job_worker_and_handed_over_once(
    client, world, hy1503, settings, tmp_path, monkeypatch
):
    from huey.contrib.djhuey import HUEY

    from yidang.shelving import print_views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(print_views, "CATALOGUE_INLINE_ROWS", 1)
    monkeypatch.setattr(HUEY, "immediate", True)
    building = world.rooms["hy1503"].building
    response = login(client, "supervisor").get(reverse("shelving:catalogue", args=[building.pk]))
    assert response.status_code == 302
    job_page = response.url
    assert "下载 PDF" in client.get(job_page).content.decode()
    pdf = client.get(job_page + "?download=1")
    assert pdf["Content-Type"] == "application/pdf" and "房屋交接确认表" in pdf_text(pdf.content)
    assert client.get(job_page).status_code == 404  # handed over once, nothing left behind
    assert not list(tmp_path.rglob("*.pdf"))
    assert AuditEvent.objects.get(action="print.catalogue").after == {"background": True}


def test_someone_elses_print_job_is_not_found(client, world, hy1503, settings, monkeypatch):
    from yidang.shelving import print_views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(print_views, "CATALOGUE_INLINE_ROWS", 1)
    monkeypatch.setattr(print_views, "catalogue_job_task", lambda *args: None)  # queued, not yet run
    building = world.rooms["hy1503"].building
    job_page = login(client, "supervisor").get(reverse("shelving:catalogue", args=[building.pk])).url
    assert "正在生成" in client.get(job_page).content.decode()
    assert login(client, "manager").get(job_page).status_code == 404
