"""In Chromium: a CS supervisor reveals an owner's ID number on the household page (htmx, in place,
refused without a reason), then finds the reveal in the ledger and counted on the month's chart —
at desktop and phone width, without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from tests.world import ID_ZHANG_WEI, build_world
from yidang.archive.models import Archive
from yidang.usage.actions import usage_record
from yidang.usage.models import UsageKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = ARTIFACTS / "screens"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} scrolls sideways"


def _some_uses(world) -> None:
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    for user, kind, purpose in [
        (world.assistant, UsageKind.VIEW_FILE, ""),
        (world.assistant, UsageKind.VIEW_FILE, "业主来电核实"),
        (world.archivist, UsageKind.PRINT, "档案整理"),
        (world.engineer, UsageKind.VIEW_DOCUMENT, "装修审核"),
        (world.manager, UsageKind.EXPORT, "月度报表"),
    ]:
        usage_record(user=user, kind=kind, archive=archive, purpose=purpose)


def test_a_supervisor_reveals_an_id_number_and_finds_it_in_the_ledger_and_the_chart(page, live_server, login):
    world = build_world()
    _some_uses(world)
    login(page, "supervisor")
    page.goto(f"{live_server.url}/households/{world.rooms['hy1503'].pk}/")
    cell = page.locator(".id-cell").first
    expect(cell).to_contain_text("110***********002X")

    cell.locator("summary", has_text="显示证件号").click()
    cell.get_by_role("button", name="显示").click()  # empty reason: the browser's own check stops it
    expect(page.locator(".id-cell").first).not_to_contain_text(ID_ZHANG_WEI)
    page.evaluate("document.querySelector('.id-cell input[name=reason]').removeAttribute('required')")
    page.locator(".id-cell input[name=reason]").fill("   ")
    page.locator(".id-cell").get_by_role("button", name="显示").click()
    expect(page.locator(".id-cell").first).to_contain_text("请说明查看完整证件号码的原因")  # a 400 swapped in place

    page.locator(".id-cell input[name=reason]").fill("办理过户核对身份")
    page.locator(".id-cell").get_by_role("button", name="显示").click()
    expect(page.locator(".id-revealed")).to_have_text(ID_ZHANG_WEI)
    _shot(page, "usage-reveal-desktop")

    page.goto(f"{live_server.url}/usage/")
    expect(page.locator("table.usage-ledger tbody tr").first).to_contain_text("查看证件号")
    expect(page.locator("table.usage-ledger tbody tr").first).to_contain_text("办理过户核对身份")
    assert ID_ZHANG_WEI not in page.content()
    _shot(page, "usage-ledger-desktop")

    page.locator("select[name=kind]").select_option("view_file")
    expect(page).to_have_url(re.compile(r"kind=view_file"))
    expect(page.locator("table.usage-ledger tbody tr")).to_have_count(2)

    page.goto(f"{live_server.url}/usage/monthly/")
    expect(page.locator("#usage-count-reveal_id")).to_have_text("1")
    expect(page.locator("#usage-count-view_file")).to_have_text("2")
    expect(page.locator("#usage-total")).to_have_text("6")
    _shot(page, "usage-monthly-desktop")


def test_the_ledger_and_the_month_read_well_on_a_phone(browser, request, live_server, login):
    world = build_world()
    _some_uses(world)
    phone = open_page(browser, request, PHONE)
    login(phone, "gm")

    phone.goto(f"{live_server.url}/usage/")
    expect(phone.locator("table.usage-ledger tbody tr")).to_have_count(5)
    _shot(phone, "usage-ledger-phone")
    phone.goto(f"{live_server.url}/usage/monthly/")
    expect(phone.locator("#usage-count-view_document")).to_have_text("1")
    _shot(phone, "usage-monthly-phone")
