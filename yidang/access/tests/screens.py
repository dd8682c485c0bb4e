"""Screenshots of the access pages, desktop (1280) and phone (390), into test-artifacts/screens/access/.

Not part of the suite (the name does not match ``test_*.py``); rerun it after changing a page and look:

    .venv/bin/pytest -q yidang/access/tests/screens.py

Each shot also asserts that the page does not scroll sideways.
"""

from __future__ import annotations

import pytest

from tests.browser.plugin import ARTIFACTS, DESKTOP, PHONE, open_page
from tests.world import ID_ZHANG_WEI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ARTIFACTS / "screens" / "access"
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def shoot(page, name: str, size: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-{size}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} ({size}) scrolls sideways by {overflow}px"


@pytest.fixture
def requests_of_every_kind(world, settings, tmp_path):
    from yidang.access.actions import (
        access_request_approve,
        access_request_file,
        reading_record,
        reading_session_start,
    )
    from yidang.access.models import CopyFor, CopyKind, RequestKind
    from yidang.access.tests.conftest import request_data
    from yidang.archive.models import Archive
    from yidang.archive.tests.scanfiles import image_bytes, pdf_bytes, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    hy1503 = Archive.objects.get(room=world.rooms["hy1503"])
    pending = access_request_file(data=request_data(world, codes="A2-15-1503 B1-8-801"), actor=world.engineer)
    staff = access_request_approve(
        request=access_request_file(data=request_data(world), actor=world.engineer), actor=world.supervisor
    )
    reading_record(request=staff, actor=world.engineer, archive=hy1503)
    owner = access_request_file(
        data=request_data(
            world,
            kind=RequestKind.OWNER,
            visitor_name="张伟",
            visitor_id_number=ID_ZHANG_WEI,
            proof=upload(image_bytes("JPEG"), "房产证.jpg", "image/jpeg"),
            purpose="业主查阅本户交房资料",
        ),
        actor=world.assistant,
    )
    access_request_approve(request=owner, actor=world.supervisor)
    reading_session_start(request=owner, actor=world.archivist)
    copy = access_request_file(
        data=request_data(
            world,
            kind=RequestKind.COPY,
            copy_kind=CopyKind.COPY,
            copy_for=CopyFor.OWNER,
            visitor_name="张伟",
            visitor_id_number=ID_ZHANG_WEI,
            proof=upload(pdf_bytes()),
            purpose="业主办理贷款需要",
        ),
        actor=world.assistant,
    )
    access_request_approve(request=copy, actor=world.manager)
    return {"pending": pending, "staff": staff, "owner": owner, "copy": copy}


@pytest.mark.parametrize("size", SIZES)
def test_screens_of_the_access_pages(browser, request, live_server, requests_of_every_kind, login, size):
    url = live_server.url
    r = requests_of_every_kind
    page = open_page(browser, request, SIZES[size])

    login(page, "engineer")
    shoot(page, "01-home-engineer", size)
    page.goto(f"{url}/access/")
    shoot(page, "02-mine-engineer", size)
    page.goto(f"{url}/access/new/staff/")
    shoot(page, "03-new-staff", size)
    page.goto(f"{url}/access/{r['staff'].pk}/")
    shoot(page, "04-detail-approved-engineer", size)
    page.goto(f"{url}/access/read/{r['staff'].pk}/")
    shoot(page, "05-read-index", size)

    login(page, "supervisor")
    shoot(page, "10-home-supervisor", size)
    page.goto(f"{url}/access/approvals/")
    shoot(page, "11-approvals", size)
    page.goto(f"{url}/access/{r['pending'].pk}/")
    shoot(page, "12-detail-pending-supervisor", size)
    page.goto(f"{url}/access/register/")
    shoot(page, "13-register", size)

    login(page, "assistant")
    page.goto(f"{url}/access/")
    shoot(page, "20-mine-assistant", size)
    page.goto(f"{url}/access/new/owner/")
    shoot(page, "21-new-owner", size)
    page.goto(f"{url}/access/new/copy/")
    shoot(page, "22-new-copy", size)
    page.goto(f"{url}/access/desk/")
    shoot(page, "23-desk", size)
    page.goto(f"{url}/access/{r['copy'].pk}/")
    shoot(page, "24-detail-copy", size)

    login(page, "archivist")
    page.goto(f"{url}/access/{r['owner'].pk}/")
    shoot(page, "30-detail-owner-session", size)
    page.goto(f"{url}/access/read/{r['owner'].pk}/")
    shoot(page, "31-read-owner-accompanied", size)
