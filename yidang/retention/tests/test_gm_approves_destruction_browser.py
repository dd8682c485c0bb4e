"""The general manager approves a destruction list in Chromium (desktop and phone screenshots)."""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from yidang.archive.seed import load as load_document_types
from yidang.retention.models import DestructionList, ListStatus
from yidang.retention.tests.flow import expired_papers, submitted
from yidang.workdays.actions import calendar_days_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"


@pytest.fixture(autouse=True)
def _seeded(transactional_db, settings, tmp_path):
    """Live-server tests flush the tables, and with them what the migrations seeded: load it again."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_document_types(apps)
    calendar_days_load(actor="test")


def _shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"retention-{name}.png"), full_page=True)


def test_the_general_manager_approves_a_destruction_list(page, live_server, login, world):
    expired_papers(world)
    dlist = submitted(world)
    login(page, "gm")
    assert page.get_by_text("销毁清单待审批").is_visible()  # today's work on the home page
    menu = page.get_by_role("navigation", name="主菜单")
    menu.get_by_text("档案", exact=True).click()  # the group drops down
    menu.get_by_role("link", name="鉴定销毁").click()
    page.get_by_role("link", name=dlist.number).click()
    assert page.get_by_role("heading", name="销毁清单").is_visible()
    assert page.get_by_text("停水通知").is_visible()
    _shoot(page, "list-desktop")
    page.get_by_label("审批意见").fill("同意按清单销毁")
    page.get_by_role("button", name="批准销毁").click()

    assert page.get_by_text("已批准销毁清单").is_visible()
    assert DestructionList.objects.get(pk=dlist.pk).status == ListStatus.APPROVED
    _shoot(page, "approved-desktop")


def test_the_list_fits_a_phone_and_the_archivist_carries_it_out(browser, request, live_server, login, world):
    from yidang.retention import actions

    expired_papers(world)
    dlist = actions.destruction_list_approve(dlist=submitted(world), actor=world.gm)
    phone = open_page(browser, request, PHONE)
    login(phone, "archivist")
    phone.goto(f"{live_server.url}/retention/lists/{dlist.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    phone.get_by_label("销毁方式").select_option("shred")
    phone.get_by_label("监销人（客服主管）").select_option(label="supervisor")
    _shoot(phone, "execute-phone")
    phone.get_by_role("button", name="确认已销毁").click()
    assert phone.get_by_text("销毁记录已生成").is_visible()
    assert phone.get_by_role("heading", name="销毁记录").is_visible()
    _shoot(phone, "record-phone")
