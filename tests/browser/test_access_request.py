"""An engineer asks to read a household's file, the CS supervisor approves, the engineer reads it within the
window only, and the reading shows in the reading register, the usage ledger and the month's usage chart — in Chromium.

Issue 4's "Must show": ``engineer`` cannot open a household file; files a request; ``supervisor`` approves;
the engineer reads it within the window only; the reading register and usage ledger show it, and the month's
usage chart counts it. Each step's screen is saved under test-artifacts/access-request/.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.archive_fixtures import scanned_pdf
from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from yidang.access.models import AccessRequest
from yidang.archive.actions import DocumentData, document_add, scan_add
from yidang.archive.models import Archive, DocumentType
from yidang.usage.models import UsageKind, UsageRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "HY-A2-15-1503"
PAPER = "房屋交接确认表"
SHOTS = ARTIFACTS / "access-request"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def a_scanned_file(world, tmp_path) -> Archive:
    """HY-A2-15-1503 holding its handover record, scanned (what the archivist filed before anyone asks)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    archive = Archive.objects.get(room=world.rooms["hy1503"])
    doc = document_add(
        archive=archive,
        data=DocumentData(doc_type=DocumentType.objects.get(code="handover_record")),
        actor=world.archivist,
    )
    pdf = scanned_pdf(tmp_path / "交接表.pdf")
    scan_add(
        document=doc,
        upload=SimpleUploadedFile("交接表.pdf", pdf.read_bytes(), "application/pdf"),
        actor=world.archivist,
    )
    return archive


def refused_without_data(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status in (403, 404), (url, response and response.status)
    html = page.content()
    assert NUMBER not in html and PAPER not in html and "张伟" not in html, f"{url} showed the file"


def test_engineer_asks_supervisor_approves_engineer_reads_within_the_window_and_the_ledgers_count_it(
    browser, request, page, live_server, world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = a_scanned_file(world, tmp_path)
    url = live_server.url

    # The engineer cannot open the household's file, and is told how to ask.
    login(page, "engineer")
    shot(page, "01-engineer-home")
    refused_without_data(page, f"{url}/archive/{archive.pk}/")
    refused_without_data(page, f"{url}/households/{world.rooms['hy1503'].pk}/")
    shot(page, "02-engineer-refused-the-archive-page")

    # ... files a request for it from the home page's link, typing the room code.
    page.goto(f"{url}/")
    page.locator("#new-access-request").click()
    expect(page.locator("h1")).to_have_text("本公司其他部门查阅")
    page.get_by_label("房号或档案号").fill("A2-15-1503")
    page.get_by_label("查阅目的").fill("核对15楼管线改造前的交接情况")
    shot(page, "03-engineer-request-form")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/access/\d+/$"))
    expect(page.locator("#request-status")).to_have_text("待审批")
    request_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    expect(page.locator("#read-link")).to_have_count(0)
    shot(page, "04-engineer-request-filed")

    # The supervisor sees it waiting and approves it.
    boss = open_page(browser, request, {"width": 1280, "height": 900})
    login(boss, "supervisor")
    expect(boss.locator("section.todo")).to_contain_text("待审批的查阅、复制申请")
    boss.goto(f"{url}/access/approvals/")
    boss.get_by_role("link", name=re.compile(f"申请 {request_id}")).click()
    boss.get_by_label("审批意见").fill("同意，限本日内查阅")
    shot(boss, "05-supervisor-deciding")
    boss.get_by_role("button", name="批准", exact=True).click()
    expect(boss.locator("#request-status")).to_have_text("已批准")
    expect(boss.locator("#history")).to_contain_text("批准")
    shot(boss, "06-supervisor-approved")

    # The engineer reads the file in the reading view: catalogue, the page as a stamped picture, a watermark.
    page.reload()
    page.locator("#read-link").click()
    page.get_by_role("link", name=NUMBER).click()
    file_url = page.url
    expect(page.locator("#archive-number")).to_have_text(NUMBER)
    expect(page.locator(".reading-catalogue")).to_contain_text(PAPER)
    expect(page.locator(".watermark span").first).to_contain_text("engineer")
    expect(page.locator("#reading-banner")).to_contain_text("只读阅览 · engineer")
    expect(page.get_by_role("link", name=re.compile("下载"))).to_have_count(0)
    shot(page, "07-engineer-reads-the-catalogue")
    page.locator("a.scan-open").first.click()
    picture = page.locator("figure.page img").first
    expect(picture).to_be_visible()
    # The page is drawn and stamped on request: give a loaded machine time to do it.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle(), timeout=30_000)
    shot(page, "08-engineer-reads-a-page")
    on_phone = open_page(browser, request, PHONE)
    login(on_phone, "engineer")
    on_phone.goto(file_url)
    expect(on_phone.locator("#archive-number")).to_have_text(NUMBER)
    shot(on_phone, "08b-engineer-reads-on-a-phone")
    assert on_phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    views = {
        kind: UsageRecord.objects.filter(kind=kind, request_id=request_id).count()
        for kind in (UsageKind.VIEW_FILE, UsageKind.VIEW_DOCUMENT)
    }
    assert views == {UsageKind.VIEW_FILE: 2, UsageKind.VIEW_DOCUMENT: 1}  # desktop and phone; one document

    # After the window, the same address shows nothing.
    start = timezone.now() - timedelta(hours=5)
    AccessRequest.objects.filter(pk=request_id).update(window_start=start, window_end=start + timedelta(hours=2))
    refused_without_data(page, file_url)
    shot(page, "09-engineer-after-the-window")
    page.goto(f"{url}/access/{request_id}/")
    expect(page.locator("#read-link")).to_have_count(0)
    assert UsageRecord.objects.filter(request_id=request_id).count() == 3  # the refused visit recorded nothing

    # The reading register shows the reading, with who approved it and when it was read.
    boss.goto(f"{url}/access/register/")
    row = boss.locator(f'#register tr[data-request="{request_id}"]')
    expect(row).to_contain_text("engineer")
    expect(row).to_contain_text("工程部")
    expect(row).to_contain_text(NUMBER)
    expect(row).to_contain_text("supervisor")
    expect(row.locator("td.reads")).to_contain_text("3 次")
    shot(boss, "10-reading-register")

    # The usage ledger shows each opening under the request, and the month's chart counts them.
    boss.goto(f"{url}/usage/?month={timezone.localdate():%Y-%m}")
    ledger = boss.locator("table.usage-ledger")
    expect(ledger).to_contain_text(f"申请 #{request_id}")
    expect(ledger.locator("tr", has_text="查阅档案").filter(has_text="engineer")).to_have_count(2)
    expect(ledger.locator("tr", has_text="查阅文件").filter(has_text="engineer")).to_have_count(1)
    shot(boss, "11-usage-ledger")
    boss.goto(f"{url}/usage/monthly/")
    expect(boss.locator("#usage-count-view_file")).to_have_text("2")
    expect(boss.locator("#usage-count-view_document")).to_have_text("1")
    shot(boss, "12-usage-monthly-chart")
