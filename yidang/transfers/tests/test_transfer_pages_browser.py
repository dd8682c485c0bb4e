"""The transfer and loss/damage pages in Chromium, desktop (1280 px) and phone (390 px): an assistant
types a sheet, the archivist signs for it with one item missing, then reports that paper as lost.

Screenshots go to test-artifacts/screens/transfers-*.png; no page may scroll sideways.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from yidang.archive.actions import DocumentData, document_add
from yidang.archive.models import Archive, DocumentType
from yidang.archive.seed import load as load_document_types
from yidang.incidents.models import IncidentReport
from yidang.transfers.actions import custody_of
from yidang.transfers.models import TransferSheet, TransferStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    load_document_types(apps)


def _shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENS / f"transfers-{name}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} scrolls sideways"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_sheet_is_typed_signed_for_with_a_discrepancy_and_the_loss_reported(
    browser, request, live_server, login, world, viewport
):
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    for code in ("handover_record", "key_receipt"):
        document_add(
            archive=archive, data=DocumentData(doc_type=DocumentType.objects.get(code=code)), actor=world.archivist
        )

    page = open_page(browser, request, viewport)
    login(page, "assistant")
    page.goto(f"{live_server.url}/transfers/new/")
    page.get_by_label("接收人（本项目人员）").select_option(label="archivist")
    page.get_by_label("移交清单").fill(f"{archive.number}#1,2")
    _shoot(page, "new")
    page.get_by_role("button", name="登记并签字移交").click()
    assert page.get_by_text("等待接收方签收").is_visible()
    sheet = TransferSheet.objects.get()

    login(page, "archivist")
    page.goto(f"{live_server.url}/")
    assert page.get_by_text("待我签收的移交单").is_visible()
    page.goto(f"{live_server.url}/transfers/{sheet.pk}/")
    page.get_by_role("checkbox").nth(1).uncheck()
    page.get_by_label("差异说明").fill("第2件不在袋中")
    _shoot(page, "acknowledge")
    page.get_by_role("button", name="确认签收").click()
    assert page.get_by_text("已签收（有差异）").first.is_visible()
    _shoot(page, "signed")
    sheet.refresh_from_db()
    assert sheet.status == TransferStatus.DISCREPANCY
    assert custody_of(archive, archive.documents.get(item_no=1)).holder == world.archivist  # type: ignore[union-attr]

    page.goto(f"{live_server.url}/archive/{archive.pk}/")
    assert page.get_by_text("保管人").first.is_visible()
    _shoot(page, "archive")
    page.get_by_role("link", name="报告缺损").click()
    page.get_by_label("缺失").check()
    page.get_by_label("第2件", exact=False).check()
    page.get_by_label("情况说明").fill("移交时发现第2件不在袋中")
    _shoot(page, "incident-new")
    page.get_by_role("button", name="提交报告").click()
    assert page.get_by_text("已登记缺损报告").is_visible()
    _shoot(page, "incident")
    assert IncidentReport.objects.get().documents.get().item_no == 2
