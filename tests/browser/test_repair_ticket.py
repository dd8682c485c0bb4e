"""A phoned-in repair from registration to callback, in Chromium, and the figures that move with it.

`assistant` registers 张伟's call for room A2-15-1503 (the household picked by the household search) and
dispatches it to `engineer`; the engineer, on a phone-sized screen, acknowledges, arrives and completes it
from 我的工单; 张伟 signs on the engineer's phone (the canvas, drawn with the mouse); the assistant marks the
slip returned and records the callback. Before and after each part the home page's to-do counts and the
callbacks page's figures are read and asserted. Screenshots go to test-artifacts/screens/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.plugin import DESKTOP, PHONE, open_page
from tests.browser.screenshots import shoot
from yidang.service.models import Callback, Ticket, TicketStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def todo(page, live_server) -> dict[str, int]:
    """The home page's to-do lines, label → count (a line with nothing waiting is not shown)."""
    page.goto(f"{live_server.url}/")
    lines = page.locator(".todo li").evaluate_all(
        "els => els.map(e => [e.querySelector('a').innerText.trim(), e.querySelector('.count').innerText.trim()])"
    )
    return {label: int(count.replace(",", "")) for label, count in lines}


def figures(page, live_server) -> dict[str, str]:
    page.goto(f"{live_server.url}/service/callbacks/")
    return {key: page.locator(f"#figure-{key} .figure").inner_text() for key in ("callback-rate", "satisfaction")}


def register_the_call(page, live_server) -> str:
    page.goto(f"{live_server.url}/service/new/")
    page.locator("#room-q").press_sequentially("1503", delay=20)
    page.locator("#room-results a", has_text="A2-15-1503").click()  # the household search, as a picker
    expect(page.locator("#picked")).to_contain_text("A2-15-1503")
    expect(page.get_by_label("报告人")).to_have_value("张伟")  # prefilled from the current owner
    page.get_by_label("报修").check()
    page.get_by_label("类别").select_option(label="给排水")
    page.get_by_label("级别").select_option(label="一般")
    page.get_by_label("内容").fill("厨房水槽下水管漏水，地面有积水")
    page.get_by_label("联系电话").fill("13812345678")
    shoot(page, "service-01-register", "desktop")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r"/service/\d+/$"))
    expect(page.locator("#ticket-status")).to_have_text("已登记")
    expect(page.locator(".clock-ok")).to_have_count(2)  # arrival (20 min) and completion (2 days) running
    number = page.locator("h1").inner_text().split()[0]
    assert re.fullmatch(r"BX\d{14}", number), number
    return number


def dispatch_to_engineer(page) -> None:
    form = page.locator("#step-dispatch")
    form.get_by_label("处理部门").select_option(label="工程部")
    form.get_by_label("处理人").select_option(label="engineer · 工程部")
    page.evaluate("window.__samePage = true")
    form.get_by_role("button", name="派工").click()
    expect(page.locator("#ticket-status")).to_have_text("已派工")
    expect(page.locator("#ticket-panel .flash")).to_have_text("已派工")
    assert page.evaluate("window.__samePage === true"), "the step reloaded the page instead of swapping the panel"
    shoot(page, "service-02-dispatched", "desktop")


def work_it_on_the_phone(phone, live_server, number: str) -> None:
    phone.locator("nav.mainnav a", has_text="我的工单").click()
    card = phone.locator(f'article.work-card[data-ticket="{number}"]')
    expect(card).to_contain_text("A2-15-1503")
    shoot(phone, "service-03-mine-dispatched", "phone")
    card.get_by_role("button", name="接单").click()
    expect(phone.locator(".flash")).to_have_text("已接单")
    card.get_by_role("button", name="到场").click()
    expect(phone.locator(".flash")).to_have_text("已到场")
    card.get_by_label("处理记录").fill("更换下水管三通及密封圈，试水无渗漏")
    shoot(phone, "service-04-mine-completing", "phone")
    card.get_by_role("button", name="完工").click()
    expect(phone.locator(".flash")).to_have_text("已完工")
    card.get_by_role("button", name="业主确认").click()
    phone.wait_for_url(re.compile(r"/service/\d+/#step-confirm$"))


def owner_signs(phone) -> None:
    """张伟 signs on the engineer's phone: a stroke drawn across the canvas with the mouse."""
    canvas = phone.locator("#step-confirm canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] > 300, f"the signature pad is too small on a phone: {box}"
    phone.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    phone.mouse.down()
    for i in range(1, 13):
        phone.mouse.move(box["x"] + 30 + i * 22, box["y"] + box["height"] * (0.7 - 0.4 * (i % 2)), steps=3)
    phone.mouse.up()
    assert phone.locator("[data-signature-value]").input_value().startswith("data:image/png;base64,")
    shoot(phone, "service-05-signature", "phone")
    phone.locator("#step-confirm").get_by_role("button", name="业主确认").click()
    expect(phone.locator("#ticket-status")).to_have_text("业主已确认")
    expect(phone.locator("img.signature-image")).to_be_visible()
    loaded = "img => img.decode().then(() => img.naturalWidth > 0, () => false)"  # waits for the image
    assert phone.locator("img.signature-image").evaluate(loaded), "the signature image did not load"
    shoot(phone, "service-06-confirmed", "phone")


def record_the_callback(page, live_server, ticket: Ticket) -> None:
    page.goto(f"{live_server.url}/service/{ticket.pk}/")
    page.get_by_role("button", name="回单").click()
    expect(page.locator("#ticket-status")).to_have_text("已回单")
    form = page.locator("#step-callback")
    form.get_by_label("电话回访").check()
    form.get_by_label("满意", exact=True).check()
    form.get_by_label("业主意见").fill("维修及时，很满意")
    form.get_by_role("button", name="回访").click()
    expect(page.locator("#ticket-status")).to_have_text("已回访")
    shoot(page, "service-07-called-back", "desktop")


def test_a_phoned_in_repair_goes_from_the_desk_to_the_engineers_phone_and_back_and_the_figures_move(
    browser, request, live_server, world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    desk = open_page(browser, request, DESKTOP)
    login(desk, "assistant")
    assert "待派工的工单" not in todo(desk, live_server)
    assert figures(desk, live_server) == {"callback-rate": "—", "satisfaction": "—"}

    number = register_the_call(desk, live_server)
    ticket = Ticket.objects.get(number=number)
    assert ticket.room == world.rooms["hy1503"] and ticket.reporter_name == "张伟" and ticket.channel == "phone"
    assert todo(desk, live_server)["待派工的工单"] == 1
    desk.goto(f"{live_server.url}/service/{ticket.pk}/")
    dispatch_to_engineer(desk)
    assert "待派工的工单" not in todo(desk, live_server)

    phone = open_page(browser, request, PHONE)
    login(phone, "engineer")
    assert todo(phone, live_server)["待接单的派工"] == 1
    shoot(phone, "service-00-engineer-home", "phone")
    work_it_on_the_phone(phone, live_server, number)
    assert "待接单的派工" not in todo(phone, live_server)
    phone.goto(f"{live_server.url}/service/{ticket.pk}/#step-confirm")
    owner_signs(phone)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CONFIRMED and ticket.confirmation.startswith("业主签名 service/signatures/")

    record_the_callback(desk, live_server, ticket)
    callback = Callback.objects.get(ticket=ticket)
    assert (callback.method, callback.result, callback.done_by) == ("phone", "satisfied", world.assistant)
    assert figures(desk, live_server) == {"callback-rate": "100%", "satisfaction": "100%"}
    shoot(desk, "service-08-callbacks", "desktop")
    assert "待回访" not in todo(desk, live_server)
    steps = list(ticket.steps.values_list("action", flat=True))
    assert steps == ["register", "dispatch", "acknowledge", "arrive", "complete", "confirm", "return_slip", "callback"]


def test_the_callback_figures_read_zero_until_the_callback_is_made(browser, request, live_server, world, login):
    """Between the slip coming back and the call: one callback due, none done — the rate reads 0 %."""
    from yidang.service.tests.page_helpers import returned

    returned(world)
    desk = open_page(browser, request, DESKTOP)
    login(desk, "assistant")
    assert figures(desk, live_server) == {"callback-rate": "0%", "satisfaction": "—"}
    assert todo(desk, live_server)["待回访"] == 1


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_desk_pages_fit_the_screen(browser, request, live_server, world, login, size):
    """Each page of the desk as the assistant sees it, with a ticket at every stage; none scrolls sideways."""
    from yidang.notifications.actions import notify
    from yidang.service.tests.helpers import complaint, repair
    from yidang.service.tests.page_helpers import completed, dispatched, returned

    repair(world)
    dispatched(world)
    done = completed(world)
    returned(world)
    complaint(world, priority="major")
    notify(
        users=[world.assistant], key="x", text=f"工单 {done.number} 到场时限将于 10:20 到期", url=f"/service/{done.pk}/"
    )
    page = open_page(browser, request, DESKTOP if size == "desktop" else PHONE)
    login(page, "assistant")
    for name, path in [
        ("service-10-home", "/"),
        ("service-11-list", "/service/"),
        ("service-12-register", "/service/new/?find=1503"),
        ("service-13-ticket", f"/service/{done.pk}/"),
        ("service-14-callbacks", "/service/callbacks/"),
        ("service-15-notifications", "/notifications/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        shoot(page, name, size)
    expect(page.locator("#bell-count")).to_have_text("1")
