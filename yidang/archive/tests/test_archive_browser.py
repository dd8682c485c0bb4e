"""The archive page in Chromium: an archivist files a document and uploads its scan from a phone."""

from __future__ import annotations

import pytest

from tests.browser.plugin import ARTIFACTS, open_page
from yidang.archive.models import Archive, Scan
from yidang.archive.tests.scanfiles import EXE, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    """Live-server tests flush the tables, and with them the types migration 0003 seeded: load them again."""
    from django.apps import apps

    from yidang.archive.seed import load

    load(apps)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_archivist_files_a_document_and_its_scan_on_a_phone(
    phone_page, live_server, login, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = phone_page
    login(page, "archivist")
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    page.goto(f"{live_server.url}/archive/{archive.pk}/")
    assert page.get_by_role("heading", name="HY-A2-15-1503").is_visible()

    page.get_by_text("归档文件（新增一件）").click()
    page.locator("#id_document-doc_type").select_option(label="房屋交接确认表（必备）")
    page.get_by_role("button", name="归档", exact=True).click()
    page.get_by_text("已归档 第1件 房屋交接确认表").wait_for()

    page.get_by_role("link", name="上传扫描件").first.click()
    page.locator("#id_scan-upload").set_input_files({"name": "病毒.pdf", "mimeType": "application/pdf", "buffer": EXE})
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_text("文件内容是可执行程序，不是PDF，已拒收").wait_for()
    assert not Scan.objects.exists()

    page.locator("#id_scan-upload").set_input_files(
        {"name": "交接表.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_text("已上传 第1件 的扫描件（第1版）").wait_for()
    assert page.get_by_role("img", name="第1件 第1版 预览").is_visible()
    assert page.locator("ul.checklist li.ok").count() == 1
    assert _fits(page)
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / "archive-detail-phone.png"), full_page=True)


def test_the_completeness_page_fits_a_phone(phone_page, live_server, login, world):
    login(phone_page, "gm")
    phone_page.goto(f"{live_server.url}/archive/completeness/HY/")
    assert phone_page.get_by_role("heading", name="华苑小区 档案齐全率").is_visible()
    assert phone_page.get_by_text("0/18").is_visible()
    assert _fits(phone_page)
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=str(ARTIFACTS / "screens" / "archive-completeness-phone.png"), full_page=True)


def test_a_full_catalogue_reads_on_a_desktop(browser, request, live_server, login, world, settings, tmp_path):
    from tests.browser.plugin import DESKTOP
    from yidang.archive.actions import scan_add
    from yidang.archive.tests.conftest import file_document
    from yidang.archive.tests.scanfiles import image_bytes, upload

    settings.MEDIA_ROOT = tmp_path
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    for code in ["prelim_service_contract", "handover_record", "key_receipt", "correspondence"]:
        doc = file_document(archive, code, world.archivist, source="业主本人")
        scan_add(document=doc, upload=upload(image_bytes("PNG", (300, 420), "tan"), "p.png"), actor=world.archivist)
    file_document(archive, "owner_id_copy", world.archivist, is_original=False, original_location="业主自留")
    page = open_page(browser, request, DESKTOP)
    login(page, "assistant")

    page.goto(f"{live_server.url}/archive/{archive.pk}/")

    assert page.locator("figure.scan img").count() == 4
    assert page.get_by_text("4/9", exact=True).is_visible()
    assert _fits(page)
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / "archive-detail-desktop.png"), full_page=True)
