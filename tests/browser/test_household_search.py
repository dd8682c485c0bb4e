"""A CS assistant finds households in a few keystrokes and sees only masked ID numbers — in Chromium."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.world import ID_ZHANG_WEI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MASKED_ID = "110***********002X"


def header_search(page, query: str) -> None:
    box = page.locator("header form[role=search] input[name=q]")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/households/\?q="))


def live_search(page, query: str, marked: str) -> None:
    """Type into the search page's box; htmx swaps the results in without loading a new page."""
    page.evaluate("window.__samePage = true")
    box = page.locator("#household-q")
    box.fill("")
    box.press_sequentially(query, delay=20)
    expect(page.locator("#results mark").first).to_have_text(marked)
    expect(page.locator("#result-count")).to_have_text("找到 1 户")
    expect(page).to_have_url(re.compile(r"\?q=" + re.escape(quote(query))))  # the URL follows: Back and reload work
    assert page.evaluate("window.__samePage === true"), "live search reloaded the page instead of swapping results"


def only_result(page) -> None:
    results = page.locator("#results ul.results > li")
    expect(results).to_have_count(1)
    expect(results.first.locator("a.code")).to_have_text("A2-15-1503")
    assert "T1-15-1503" not in page.content(), "a JM household showed up in an HY user's search"


def find_and_open_household(page, live_server, login) -> None:
    login(page, "assistant")

    header_search(page, "zw")
    only_result(page)
    expect(page.locator("#results mark")).to_have_count(0)  # pinyin initials: nothing literal to mark

    live_search(page, "张伟", marked="张伟")
    only_result(page)

    live_search(page, "5678", marked="5678")
    only_result(page)
    assert "13812345678" not in page.content(), "the full phone number is in the results page"

    page.locator("#results a.code", has_text="A2-15-1503").click()
    page.wait_for_url(re.compile(r"/households/\d+/$"))
    expect(page.locator("h1")).to_contain_text("A2-15-1503")
    expect(page.locator(".id-masked").first).to_have_text(MASKED_ID)
    html = page.content()
    assert ID_ZHANG_WEI not in html and ID_ZHANG_WEI.lower() not in html, "the full ID number is in the page HTML"
    assert "19491231" not in html, "the birth date part of the ID number is in the page HTML"


def test_assistant_finds_households_by_initials_name_and_phone_tail_then_sees_a_masked_id(
    page, live_server, world, login
):
    find_and_open_household(page, live_server, login)


def test_the_same_search_works_on_a_phone_sized_screen(phone_page, live_server, world, login):
    find_and_open_household(phone_page, live_server, login)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the household page scrolls sideways on a phone"
    )
