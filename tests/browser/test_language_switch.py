"""The user menu switches the whole interface between Chinese and English — in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page, button: str) -> None:
    page.locator("details.menu summary").click()
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_user_menu_switches_to_english_and_back(page, live_server, world, login):
    login(page, "assistant")
    page.goto(f"{live_server.url}/households/?q=zw")

    switch_language(page, "English")

    expect(page).to_have_url(f"{live_server.url}/households/?q=zw")  # stays on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.mainnav")).to_contain_text("Households")
    expect(page.locator("#result-count")).to_have_text("Found 1 household")

    switch_language(page, "简体中文")

    expect(page.locator("nav.mainnav")).to_contain_text("住户查询")
    expect(page.locator("#result-count")).to_have_text("找到 1 户")


def test_the_login_page_offers_english_before_signing_in(page, live_server, world):
    page.goto(f"{live_server.url}/login/")

    page.get_by_role("button", name="English").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("User name")).to_be_visible()
