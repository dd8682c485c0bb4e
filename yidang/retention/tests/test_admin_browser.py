"""A staff archivist reads a destruction's appraisal and ghosts in the admin, read-only (desktop and phone)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission

from tests.browser.plugin import ARTIFACTS, PHONE, open_page
from yidang.archive.seed import load as load_document_types
from yidang.retention.tests.flow import destroyed, expired_papers
from yidang.workdays.actions import calendar_days_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = ARTIFACTS / "screens"


@pytest.fixture(autouse=True)
def _seeded(transactional_db, settings, tmp_path):
    """Live-server tests flush the tables, and with them what the migrations seeded: load it again."""
    settings.MEDIA_ROOT = tmp_path / "media"
    load_document_types(apps)
    calendar_days_load(actor="test")


def test_the_admin_shows_the_appraisal_and_its_ghosts_without_edit_or_delete(
    browser, request, live_server, login, world
):
    expired_papers(world)
    dlist = destroyed(world)
    staff = world.archivist
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="retention", codename__startswith="view_")
    )
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, viewport in [("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)]:
        page = open_page(browser, request, viewport)
        login(page, "archivist")
        page.goto(f"{live_server.url}/admin/retention/appraisal/{dlist.appraisal_id}/change/")
        assert page.get_by_text("停水通知").first.is_visible()
        assert page.get_by_role("link", name="删除").count() == 0
        assert page.get_by_role("button", name="保存").count() == 0
        page.screenshot(path=str(SCREENS / f"retention-admin-appraisal-{name}.png"), full_page=True)
        page.goto(f"{live_server.url}/admin/retention/documentghost/")
        assert page.get_by_role("link", name="停水通知").count() + page.get_by_text("停水通知").count() >= 1
        assert page.get_by_text("增加").count() == 0
        page.screenshot(path=str(SCREENS / f"retention-admin-ghosts-{name}.png"), full_page=True)
