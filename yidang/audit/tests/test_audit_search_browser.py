"""In Chromium: the CS manager opens 审计日志 from the menu, narrows it to one action (htmx, the URL
follows), sees the change as a diff — at desktop and phone width, without sideways scrolling."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from tests.world import build_world
from yidang.households import actions
from yidang.people.actions import PersonData

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = ARTIFACTS / "screens"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} scrolls sideways"


def test_the_manager_searches_the_audit_log_and_reads_a_change(page, browser, request, live_server, login):
    world = build_world()
    actions.household_transfer(
        room=world.rooms["hy1503"],
        new_owner=PersonData(name="王芳"),
        transfer_date=datetime.date(2030, 1, 2),
        actor=world.archivist,
    )
    login(page, "manager")
    menu = page.get_by_role("navigation", name="主菜单")
    menu.get_by_text("系统", exact=True).click()  # the group drops down
    menu.get_by_role("link", name="审计日志").click()
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    _shot(page, "audit-search-desktop")

    page.get_by_label("动作").fill("occupancy.end")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("table.audit-log tbody tr")).to_have_count(1)
    expect(page).to_have_url(
        f"{live_server.url}/audit/?who=&action=occupancy.end&object_type=&object_id=&object_text=&since=&until="
    )
    row = page.locator("table.audit-log tbody tr").first
    expect(row).to_contain_text("archivist")
    expect(row.locator("dl.diff del")).to_have_text("—")
    expect(row.locator("dl.diff ins")).to_have_text("2030-01-02")
    expect(row.locator("dl.diff .same").first).to_have_text("张伟")
    _shot(page, "audit-search-filtered-desktop")

    phone = open_page(browser, request, PHONE)
    login(phone, "manager")
    phone.goto(f"{live_server.url}/audit/")
    expect(phone.locator("table.audit-log tbody tr").first).to_be_visible()
    _shot(phone, "audit-search-phone")
