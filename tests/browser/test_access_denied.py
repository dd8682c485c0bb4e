"""Staff outside customer service, and CS staff of another project, cannot reach a household — in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_engineer_has_no_household_search_and_is_refused_a_household_page(page, live_server, world, login):
    login(page, "engineer")

    expect(page.locator("input[name=q]")).to_have_count(0)
    expect(page.locator("nav.mainnav")).not_to_contain_text("住户查询")
    expect(page.locator("main")).to_contain_text("一级保密")

    for path in ("/households/?q=zw", f"/households/{world.rooms['hy1503'].pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status in (403, 404), (path, response and response.status)
        html = page.content()
        assert "张伟" not in html and "A2-15-1503" not in html, f"{path} showed household data to an engineer"


def test_jm_assistant_gets_404_for_an_hy_household(page, live_server, world, login):
    login(page, "jm_assistant")

    response = page.goto(f"{live_server.url}/households/{world.rooms['hy1503'].pk}/")

    assert response is not None and response.status == 404
    html = page.content()
    assert "A2-15-1503" not in html and "13812345678" not in html
    expect(page.locator("main")).to_contain_text("没有找到")
