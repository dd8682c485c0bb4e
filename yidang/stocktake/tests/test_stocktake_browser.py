"""A stocktake by typing / scanning codes in Chromium: the USB-scanner path (code + Enter into the scan box)
with the live reconciliation updating after each code, on a phone and on a desktop.

Screenshots go to test-artifacts/screens/stocktake-*.png; each page must fit without sideways scrolling.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.browser.plugin import ARTIFACTS, DESKTOP, PHONE, open_page
from yidang.archive.seed import load as load_document_types
from yidang.stocktake.models import Stocktake
from yidang.stocktake.tests.area import build_area, lend
from yidang.workdays.actions import calendar_days_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    """Live-server tests flush the tables, and with them what the migrations seeded: load it again."""
    load_document_types(apps)
    calendar_days_load(actor="test")


def _shoot(page, name: str, size: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"stocktake-{name}-{size}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} scrolls sideways"


def scanner(page, code: str) -> None:
    """What a USB scanner does: types the code into the focused box, then Enter."""
    box = page.locator("#scan-code")
    box.click()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_stocktake_by_scanning_codes_updates_the_reconciliation_live(
    browser, request, live_server, login, world, size
):
    area = build_area(world)
    f = area.folders
    lend(world, f[9])
    page = open_page(browser, request, PHONE if size == "phone" else DESKTOP)
    login(page, "archivist")
    page.goto(f"{live_server.url}/stocktake/")
    _shoot(page, "project", size)
    page.locator("details.card > summary", has_text="开始新的清点").click()
    page.get_by_label("清点范围").select_option(str(area.room.pk))
    page.get_by_role("button", name="开始清点").click()
    expect(page.locator("h1")).to_contain_text(area.room.code)
    expect(page.locator("#count-expected")).to_have_text("10")
    expect(page.locator("#count-missing")).to_have_text("9")  # f9 is out on loan, not missing
    expect(page.locator("#count-on_loan")).to_have_text("1")

    scanner(page, area.box1.code)
    expect(page.locator(".place strong")).to_have_text(area.box1.code)
    for n, folder in enumerate(f[:5], start=1):
        scanner(page, folder.number)
        expect(page.locator("#count-in_place")).to_have_text(str(n))
    expect(page.locator("#scan-code")).to_have_value("")
    expect(page.locator("#scan-code")).to_be_focused()
    scanner(page, f[5].number.lower())  # scanners and phones vary in case
    expect(page.locator("#count-misplaced")).to_have_text("1")
    expect(page.locator(".scan-message")).to_contain_text("错位")
    misplaced = page.locator("#section-misplaced")
    expect(misplaced).to_contain_text(f[5].number)
    expect(misplaced).to_contain_text("账面位置")
    scanner(page, "NOT-A-LABEL")
    expect(page.locator("#count-unknown")).to_have_text("1")
    _shoot(page, "live", size)

    page.locator("#section-missing li", has_text=f[6].number).get_by_role("button", name="勾选：在架").click()
    expect(page.locator("#count-in_place")).to_have_text("6")
    misplaced.get_by_role("button", name="改登记到发现位置").click()
    expect(page.locator("#section-misplaced")).to_contain_text("已按发现位置重新登记")
    f[5].refresh_from_db()
    assert f[5].location == area.box1

    page.locator("details.close-card > summary").click()
    page.get_by_role("button", name="完成清点并记录结果").click()
    expect(page.locator(".flash").first).to_contain_text("清点已完成")
    take = Stocktake.objects.get()
    assert (take.in_place, take.misplaced, take.missing, take.unknown, take.on_loan) == (6, 1, 2, 1, 1)
    expect(page.locator("#count-missing")).to_have_text("2")
    _shoot(page, "closed", size)
    assert take.closed_at is not None
    page.goto(f"{live_server.url}/stocktake/p/HY/report/{take.closed_at.astimezone().year}/")
    expect(page.locator("h1")).to_contain_text("年度档案清点报告")
    _shoot(page, "report", size)
    page.goto(f"{live_server.url}/stocktake/p/HY/care/")
    page.locator("details.card > summary", has_text="登记检查").click()
    _shoot(page, "care", size)
