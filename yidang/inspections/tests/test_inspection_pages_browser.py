"""The inspection pages in Chromium: a supervisor checks a file on a phone; the follow-through page.

Screenshots (desktop 1280 and phone 390) go to test-artifacts/screens/inspections-*.png; no page may
scroll sideways.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.browser.plugin import ARTIFACTS, DESKTOP, PHONE, open_page
from yidang.archive.seed import load as load_document_types
from yidang.inspections.actions import (
    inspection_plan_check_add,
    inspection_plan_create,
    inspection_proposals_refresh,
)
from yidang.inspections.models import ChaseTask
from yidang.inspections.tests.helpers import sample_record
from yidang.workdays.actions import calendar_days_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    """Live-server tests flush the tables, and with them what the migrations seeded: load it again."""
    load_document_types(apps)
    calendar_days_load(actor="test")


def _shoot(page, name: str, size: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"inspections-{name}-{size}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} scrolls sideways"


def test_a_supervisor_checks_a_file_on_a_phone_and_the_owner_follows_through(
    browser, request, live_server, login, world
):
    record = sample_record(world)
    page = open_page(browser, request, PHONE)
    login(page, "supervisor")
    page.goto(f"{live_server.url}/inspections/records/{record.pk}/")
    assert page.get_by_role("heading", name="质量检查记录").is_visible()
    page.get_by_label("临时管理规约（签署）", exact=True).select_option(label="未签字盖章")
    page.get_by_label("整改责任人").select_option(label="assistant")
    _shoot(page, "record-ticked", "phone")
    page.get_by_role("button", name="保存检查记录").click()
    assert page.get_by_text("已保存").is_visible()
    # The file holds no documents yet, so every other item was preset to "missing" from its checklist.
    task = ChaseTask.objects.get(finding__doc_type__code="owners_covenant")
    assert task.finding.kind == "unsigned" and task.owner == world.assistant
    assert set(ChaseTask.objects.exclude(pk=task.pk).values_list("finding__kind", flat=True)) == {"missing"}

    owner = open_page(browser, request, PHONE)
    login(owner, "assistant")
    owner.goto(f"{live_server.url}/inspections/chase/")
    assert owner.get_by_text("未签字盖章").is_visible()
    _shoot(owner, "chase-owner", "phone")
    owner.locator(f"a[href='/inspections/chase/{task.pk}/close/']").click()
    owner.get_by_label("整改情况").fill("业主已补签，原件归档")
    owner.get_by_role("button", name="确认办结").click()
    assert owner.get_by_text("整改任务已办结").is_visible()
    task.refresh_from_db()
    assert task.status == "closed"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_inspection_page_fits_the_screen(browser, request, live_server, login, world, size):
    record = sample_record(world)
    inspection_proposals_refresh()
    plan = inspection_plan_create(project=world.hy, year=2027, actor=world.supervisor)
    inspection_plan_check_add(plan=plan, month=6, kind="sample", scope="全部楼栋抽查 5%", actor=world.supervisor)
    page = open_page(browser, request, SIZES[size])
    login(page, "supervisor")
    for name, path in [
        ("index", "/inspections/"),
        ("proposals", "/inspections/proposals/"),
        ("detail", f"/inspections/{record.inspection_id}/"),
        ("record", f"/inspections/records/{record.pk}/"),
        ("plans", "/inspections/plans/"),
        ("plan", f"/inspections/plans/{plan.pk}/"),
        ("chase", "/inspections/chase/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").is_visible()
        _shoot(page, name, size)
