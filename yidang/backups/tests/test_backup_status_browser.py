"""The backup status page in Chromium, desktop and phone: a backup under way updates its progress by itself
and shows its result when it ends. Screenshots: test-artifacts/screens/backups-*.png."""

from __future__ import annotations

import pytest

from tests.browser.plugin import ARTIFACTS, DESKTOP, PHONE, open_page
from yidang.backups.actions import Reporter, backup_run_finish, backup_run_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"


def _runs(settings):
    settings.YIDANG_BACKUP_DEST = "s3://yidang-offsite/hy"
    done = backup_run_start(kind="backup", location="s3://yidang-offsite/hy/yidang-20261203T183000.000000Z")
    backup_run_finish(run=done, ok=True, message="备份完成", files=5210, size=7_340_032_000, rows=1_254_311)
    failed = backup_run_start(kind="backup", location="/mnt/nas/yidang/yidang-20261204T183000.000000Z")
    backup_run_finish(run=failed, ok=False, message="写入失败：No space left on device")
    fixity = backup_run_start(kind="fixity", location="/media/")
    backup_run_finish(run=fixity, ok=True, message="共校验 5210 个扫描件，异常 0 个", files=5210)
    running = backup_run_start(kind="backup", location="s3://yidang-offsite/hy/yidang-20261205T183000.000000Z")
    progress = Reporter(run_id=running.pk)
    progress("文件 1200/5210（1690.2 MB）", force=True)
    return running, progress


@pytest.mark.parametrize("name,viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_running_backup_shows_its_progress_and_then_its_result(
    browser, request, live_server, login, world, settings, name, viewport
):
    running, progress = _runs(settings)
    page = open_page(browser, request, viewport)
    login(page, "archivist")
    page.goto(f"{live_server.url}/backups/")
    assert page.get_by_role("heading", name="备份与校验").is_visible()
    assert page.get_by_text("文件 1200/5210（1690.2 MB）").is_visible()
    assert page.get_by_text("最近一次备份失败").is_visible()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"backups-status-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"

    progress("文件 3400/5210（4301.7 MB）", force=True)
    page.get_by_text("文件 3400/5210（4301.7 MB）").wait_for()  # the htmx refresh, no reload
    backup_run_finish(run=running, ok=True, message="备份完成", files=5210, size=7_340_032_000, rows=1_254_400)
    page.locator(f"#run-{running.pk}").get_by_text("成功").wait_for()

    assert page.locator("#runs[hx-trigger]").count() == 0  # nothing running: it stops asking
