"""Browser test fixtures (a pytest plugin loaded by the root conftest): Python Playwright driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is the one Debian ships at /usr/bin/chromium (installed by
``make system-deps``). A missing browser fails the test with a clear message; it never skips.
On failure the page's screenshot and HTML are saved under ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("YIDANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so fixtures can tell, at teardown, that the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: browser tests drive Debian's chromium. "
            "Install it with `make system-deps` (apt-get install chromium fonts-noto-cjk).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, request, viewport: dict[str, int], locale: str = "zh-CN"):
    """A fresh browser context (own cookies) whose page is saved to test-artifacts/ if the test fails."""
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(10_000)
    page = context.new_page()

    def save_on_failure() -> None:
        reports = [getattr(request.node, f"rep_{when}", None) for when in ("setup", "call")]
        if any(report is not None and report.failed for report in reports):
            save_artifacts(page, request.node.nodeid)
        context.close()

    request.addfinalizer(save_on_failure)
    return page


def save_artifacts(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name).strip("_")
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # the page may be gone; the test's own failure matters more
        Path(f"{stem}.error.txt").write_text(repr(exc), encoding="utf-8")


@pytest.fixture
def page(browser, request):
    """A desktop-sized page (1280 wide), Chinese like the users' browsers."""
    return open_page(browser, request, DESKTOP)


@pytest.fixture
def phone_page(browser, request):
    """A phone-sized page (390×844)."""
    return open_page(browser, request, PHONE)


@pytest.fixture
def login(live_server) -> Callable:
    """``login(page, "assistant")`` signs in through the login form and lands on the home page."""
    from tests.world import PASSWORD

    def sign_in(page, username: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")

    return sign_in
