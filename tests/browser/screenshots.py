"""Screenshots of every page as a user sees them, desktop (1280) and phone (390), into test-artifacts/screens/.

Not part of the suite (the file name does not match ``test_*.py``); rerun it after changing a page:

    .venv/bin/pytest -q tests/browser/screenshots.py

then look at the PNGs. Each shot also asserts the page does not scroll sideways, so a broken layout fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.plugin import ARTIFACTS, DESKTOP, PHONE, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ARTIFACTS / "screens"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
NAMES = ["张伟", "张薇", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "司马相如"]


def populate_building(world) -> None:
    """A 12-floor building C3 with two units and every kind of occupancy, so the map has something to show."""
    from yidang.households.actions import household_occupant_add
    from yidang.households.models import OccupantRole
    from yidang.people.actions import PersonData
    from yidang.places.actions import room_create

    actor = world.archivist
    for floor in range(1, 13):
        for i, unit in enumerate(["1", "1", "2", "2"], start=1):
            n = floor * 4 + i
            room = room_create(
                project=world.hy, building_code="C3", unit_code=unit, floor=floor, number=f"{floor}0{i}", actor=actor
            )
            kind = n % 5
            if kind == 0:
                continue  # vacant
            owner = PersonData(name=NAMES[n % len(NAMES)], phone=f"139{n:08d}")
            household_occupant_add(room=room, role=OccupantRole.OWNER, person_data=owner, actor=actor)
            if kind == 3:
                tenant = PersonData(name=NAMES[(n + 5) % len(NAMES)], phone=f"137{n:08d}")
                household_occupant_add(room=room, role=OccupantRole.TENANT, person_data=tenant, actor=actor)
            if kind == 4 and floor <= 2:
                household_occupant_add(
                    room=room, role=OccupantRole.COMMERCIAL, person_data=PersonData(name="便利店"), actor=actor
                )


def shoot(page, name: str, size: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}-{size}.png"
    page.screenshot(path=str(path), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} ({size}) scrolls sideways by {overflow}px"
    return path


@pytest.fixture
def screens_world(world):
    populate_building(world)
    return world


@pytest.mark.parametrize("size", SIZES)
def test_screens_of_a_cs_assistant(browser, request, live_server, screens_world, login, size):
    from yidang.places.models import Building

    page = open_page(browser, request, SIZES[size])
    url = live_server.url
    page.goto(f"{url}/login/")
    shoot(page, "01-login", size)
    page.get_by_label("用户名").fill("assistant")
    page.get_by_label("密码").fill("wrong password")
    page.get_by_role("button", name="登录").click()
    shoot(page, "02-login-error", size)

    login(page, "assistant")
    shoot(page, "03-home-assistant", size)
    page.locator("details.menu summary").click()
    shoot(page, "04-menu-open", size)

    page.goto(f"{url}/households/")
    shoot(page, "05-search-empty", size)
    page.goto(f"{url}/households/?q=zw")
    shoot(page, "06-search-zw", size)
    page.goto(f"{url}/households/?q=5678")
    shoot(page, "07-search-phone-tail", size)
    page.goto(f"{url}/households/?q=不存在的人")
    shoot(page, "08-search-nothing-found", size)

    page.goto(f"{url}/places/")
    shoot(page, "09-projects", size)
    page.goto(f"{url}/places/p/HY/")
    shoot(page, "10-project-hy", size)
    c3 = Building.objects.get(project=screens_world.hy, code="C3")
    page.goto(f"{url}/places/buildings/{c3.pk}/")
    shoot(page, "11-building-map", size)

    page.goto(f"{url}/households/{screens_world.rooms['hy1503'].pk}/")
    shoot(page, "12-household-detail", size)
    vehicle_form = page.locator("details", has=page.locator("summary", has_text="登记车辆"))
    vehicle_form.locator("summary").click()
    vehicle_form.get_by_label("车牌号").fill("京A12345")  # already registered: the page shows why
    vehicle_form.get_by_role("button", name="登记").click()
    shoot(page, "14-household-form-error", size)
    page.goto(f"{url}/households/{screens_world.rooms['jm1503'].pk}/")
    shoot(page, "13-not-found", size)

    page.goto(f"{url}/")
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    shoot(page, "20-home-english", size)
    page.goto(f"{url}/households/?q=zw")
    shoot(page, "21-search-english", size)
    page.goto(f"{url}/places/buildings/{c3.pk}/")
    shoot(page, "22-building-map-english", size)
    page.goto(f"{url}/households/{screens_world.rooms['hy1503'].pk}/")
    shoot(page, "23-household-detail-english", size)


@pytest.mark.parametrize("user", ["archivist", "supervisor", "manager", "gm", "engineer", "jm_assistant"])
def test_home_of_each_role(browser, request, live_server, world, login, user):
    page = open_page(browser, request, DESKTOP)
    login(page, user)
    shoot(page, f"30-home-{user}", "desktop")
    if user == "engineer":
        page.goto(f"{live_server.url}/households/{world.rooms['hy1503'].pk}/")
        shoot(page, "31-forbidden-engineer", "desktop")
        phone = open_page(browser, request, PHONE)
        login(phone, user)
        shoot(phone, "30-home-engineer", "phone")
