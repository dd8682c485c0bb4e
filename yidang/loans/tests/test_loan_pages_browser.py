"""The loan pages on a phone (390 px) in Chromium: an engineer asks for a folder, the archivist's desk.

Screenshots go to test-artifacts/screens/loans-*.png; each page must fit the screen without sideways scrolling.
"""

from __future__ import annotations

import pytest
import time_machine
from django.apps import apps

from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from yidang.archive.seed import load as load_document_types
from yidang.loans.tests.flow import approved, local, out, shelved_folder
from yidang.workdays.actions import calendar_days_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    """Live-server tests flush the tables, and with them what the migrations seeded: load it again."""
    load_document_types(apps)
    calendar_days_load(actor="test")


def _shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"loans-{name}-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} scrolls sideways"


def test_an_engineer_asks_for_a_folder_on_a_phone(browser, request, live_server, login, world):
    folder = shelved_folder(world)
    page = open_page(browser, request, PHONE)
    login(page, "engineer")
    page.goto(f"{live_server.url}/loans/request/?archive={folder.archive.pk}")
    assert page.get_by_role("heading", name="申请借阅纸质档案").is_visible()
    page.get_by_label("借阅目的").fill("核对水电改造图纸")
    _shoot(page, "request")
    page.get_by_role("button", name="提交申请").click()
    assert page.get_by_text("已提交借阅申请").is_visible()
    assert page.get_by_text("客服主管审批").is_visible()
    _shoot(page, "requested")


def test_the_archivist_hands_out_a_folder_from_the_desk_on_a_phone(browser, request, live_server, login, world):
    folder = shelved_folder(world)
    with time_machine.travel(local(2026, 11, 2, 10), tick=False):
        out(world, folder, world.assistant)  # long overdue by now
    approved(world, folder, world.engineer)
    page = open_page(browser, request, PHONE)
    login(page, "archivist")
    page.goto(f"{live_server.url}/loans/desk/")
    assert page.get_by_role("heading", name="借阅台").is_visible()
    _shoot(page, "desk")
    page.get_by_role("button", name="借出").click()
    assert page.get_by_text("已借给 assistant").is_visible()  # the folder is still out: a clear refusal
    _shoot(page, "desk-refused")
