"""The archivist records a household's move-in papers, prints the folder label and shelves the folder — in Chromium.

One flow, clicked as the archivist would: every required move-in paper filed through the archive page, two
real scans uploaded (a PDF and a PNG), the checklist complete; the folder label fetched as the page links it,
read back (the owner's name in Chinese, a QR decoded by zbar to the archive page's address); the folder moved
to a shelf with the page's move form; and the household timeline showing each of those steps in order.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.archive_fixtures import scanned_pdf, scanned_png, storage_shelf
from tests.browser.plugin import ARTIFACTS
from yidang.archive.models import Archive, Scan
from yidang.printing.tests.readers import pdf_qr_codes, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOVE_IN = "入伙资料"
NUMBER = "HY-A2-15-1503"
TRACKED = {"archive.open", "document.add", "scan.add", "folder.move"}


def open_the_file(page, live_server, room) -> int:
    """From the household page to its file, as the archivist gets there."""
    page.goto(f"{live_server.url}/households/{room.pk}/")
    page.get_by_role("button", name="业户档案", exact=True).click()
    page.wait_for_url(re.compile(r"/archive/\d+/$"))
    expect(page.locator("h1")).to_contain_text(NUMBER)
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def required_papers(page) -> list[str]:
    """The checklist's missing items; the move-in set of a private owner without tenant or renovation."""
    missing = page.locator("ul.checklist li.missing")
    names = missing.locator(".name").all_inner_texts()
    categories = {text.split(" · ")[0].strip() for text in missing.locator(".muted").all_inner_texts()}
    assert names and categories == {MOVE_IN}, f"the checklist asks for more than move-in papers: {categories}"
    expect(page.locator(".completeness strong")).to_have_text(f"0/{len(names)}")
    return names


def file_paper(page, item_no: int, name: str, total: int) -> None:
    page.locator("#form-document > summary").click()
    page.locator("#id_document-doc_type").select_option(label=f"{name}（必备）")
    page.locator("#id_document-source").fill("业主张伟")
    if "复印件" in name:  # a copy is accepted for this one: say where the original is
        page.locator("#id_document-is_original").uncheck()
        page.locator("#id_document-original_location").fill("业主本人保管")
    page.get_by_role("button", name="归档", exact=True).click()
    expect(page.locator(".flash")).to_have_text(f"已归档 第{item_no}件 {name}")
    expect(page.locator(".completeness strong")).to_have_text(f"{item_no}/{total}")


def upload_scan(page, item_no: int, name: str, path) -> None:
    page.locator("#form-scan > summary").click()
    page.locator("#id_scan-document").select_option(label=f"{item_no}. {name}")
    page.locator("#id_scan-upload").set_input_files(path)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".flash")).to_have_text(f"已上传 第{item_no}件 的扫描件（第1版）")
    expect(page.get_by_role("img", name=f"第{item_no}件 第1版 预览")).to_be_visible()


def print_folder_label(page, live_server, archive_pk: int) -> None:
    """Fetch the PDF the page's button links to, with the archivist's session, and read it back."""
    href = page.get_by_role("button", name="打印档案袋标签").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "张伟" in text and NUMBER in text and "A2-15-1503" in text
    archive_url = f"{live_server.url}/archive/{archive_pk}/"
    assert pdf_qr_codes(pdf) == [archive_url]
    page.goto(archive_url)  # the scanned QR leads back to this very page
    expect(page.locator("h1")).to_contain_text(NUMBER)


def move_to_shelf(page, shelf) -> None:
    storage = page.locator("#storage")
    expect(storage).to_contain_text("尚未上架")
    storage.get_by_label("移至位置").fill(shelf.code.lower())  # typed by hand; codes are upper case
    storage.get_by_label("原因").fill("入伙资料归档上架")
    storage.get_by_role("button", name="确认移位").click()
    expect(page.locator(".flash")).to_have_text(f"档案袋 {NUMBER} 已移至 {shelf.code}")
    expect(storage).not_to_contain_text("尚未上架")
    expect(storage).to_contain_text(shelf.code)


def timeline_steps(page) -> list[tuple[str, str]]:
    """The timeline's events of the steps above, oldest first (the page lists newest first)."""
    events = page.locator("#timeline li.tl-event").evaluate_all(
        "els => els.map(e => [e.dataset.kind, e.querySelector('.tl-summary').innerText.trim()])"
    )
    return [(kind, summary) for kind, summary in reversed(events) if kind in TRACKED]


def test_the_archivist_files_a_move_in_set_prints_the_label_shelves_the_folder_and_the_timeline_shows_it_all(
    page, live_server, world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YIDANG_BASE_URL = live_server.url  # the QR holds the address users reach the system at
    room = world.rooms["hy1503"]
    shelf = storage_shelf(world.hy, world.archivist)
    pdf, png = scanned_pdf(tmp_path / "前期物业服务合同.pdf"), scanned_png(tmp_path / "身份证复印件.png")

    login(page, "archivist")
    archive_pk = open_the_file(page, live_server, room)
    papers = required_papers(page)
    for item_no, name in enumerate(papers, start=1):
        file_paper(page, item_no, name, len(papers))

    scanned = [(1, papers[0], pdf), (3, papers[2], png)]
    for item_no, name, path in scanned:
        upload_scan(page, item_no, name, path)
    assert Scan.objects.filter(document__archive_id=archive_pk).count() == 2

    total = len(papers)
    expect(page.locator(".completeness strong")).to_have_text(f"{total}/{total}")
    expect(page.locator(".completeness .badge-complete")).to_have_text("已齐全")
    expect(page.locator("#checklist")).to_have_text(f"目录清单（必备文件 {total}/{total}）")
    expect(page.locator("ul.checklist li.missing")).to_have_count(0)
    expect(page.locator("ul.checklist li.ok")).to_have_count(total)

    print_folder_label(page, live_server, archive_pk)
    move_to_shelf(page, shelf)
    assert Archive.objects.get(pk=archive_pk).location_id == shelf.pk
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "archive-move-in-file.png"), full_page=True)

    page.get_by_role("link", name="查看完整时间线 →").click()
    page.wait_for_url(f"{live_server.url}/timeline/{room.pk}/")
    assert timeline_steps(page) == [
        ("archive.open", f"建立档案 {NUMBER}"),
        *[("document.add", f"归档 第{no}件 {name}") for no, name in enumerate(papers, start=1)],
        *[("scan.add", f"上传扫描件 第{no}件 {name}（第1版）") for no, name, _path in scanned],
        ("folder.move", f"档案袋移至 {shelf.code} {shelf.name}（入伙资料归档上架）"),
    ]
    page.screenshot(path=str(ARTIFACTS / "archive-move-in-timeline.png"), full_page=True)
