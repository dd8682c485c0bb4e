"""A stocktake by the phone's camera: Chromium's fake camera plays a video of two QR labels (a box, then a
folder in it), and the page reads them with jsQR and counts the folder in place — the camera path of
stocktake.js, end to end, with no scanner and no typing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno
from django.apps import apps
from PIL import Image
from playwright.sync_api import expect

from tests.browser.plugin import CHROMIUM, CHROMIUM_ARGS, PHONE
from yidang.archive.seed import load as load_document_types
from yidang.stocktake.tests.area import build_area
from yidang.workdays.actions import calendar_days_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT, FPS = 320, 240, 10
SEEN = 20_000  # ms: the video shows each label for 3 s; a busy machine reads frames slower


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    """Live-server tests flush the tables, and with them what the migrations seeded: load it again."""
    load_document_types(apps)
    calendar_days_load(actor="test")


def qr_frame(code: str) -> bytes:
    """One 4:2:0 frame (Y plane, then grey U and V) of ``code``'s QR label on white, made as the printed
    labels are (printing/qr.py: never a Micro QR, which phones' readers do not know)."""
    label = io.BytesIO()
    segno.make(code, error="m", micro=False).save(label, kind="png", scale=5, border=4)
    qr = Image.open(io.BytesIO(label.getvalue())).convert("L")
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(qr, ((WIDTH - qr.width) // 2, (HEIGHT - qr.height) // 2))
    return frame.tobytes() + bytes([128]) * (WIDTH * HEIGHT // 2)


def camera_video(path: Path, codes: list[str], seconds_each: int = 3) -> Path:
    """A Y4M video showing each code for ``seconds_each`` seconds, as Chromium's fake camera plays it (in a loop)."""
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for code in codes:
            frame = qr_frame(code)
            for _ in range(FPS * seconds_each):
                out.write(b"FRAME\n" + frame)
    return path


@pytest.fixture
def camera_phone(browser, live_server, tmp_path, world):
    """A phone whose camera sees box 1's label, then the label of the first folder in it."""
    area = build_area(world)
    video = camera_video(tmp_path / "labels.y4m", [area.box1.code, area.folders[0].number])
    fake_camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    phone = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + fake_camera)
    context = phone.new_context(viewport=PHONE, locale="zh-CN", permissions=["camera"])
    context.set_default_timeout(15_000)
    yield context.new_page(), area
    context.close()
    phone.close()


def test_the_camera_reads_a_box_label_then_a_folder_label_and_counts_the_folder_in_place(camera_phone, login):
    page, area = camera_phone
    login(page, "archivist")
    page.goto(page.url + "stocktake/")
    page.locator("details.card > summary", has_text="开始新的清点").click()
    page.get_by_label("清点范围").select_option(str(area.room.pk))
    page.get_by_role("button", name="开始清点").click()
    expect(page.locator("#count-in_place")).to_have_text("0")

    page.get_by_role("button", name="用摄像头扫码").click()
    expect(page.locator("#camera")).to_be_visible()
    expect(page.locator(".place strong")).to_have_text(area.box1.code, timeout=SEEN)
    expect(page.locator("#count-in_place")).to_have_text("1", timeout=SEEN)  # the folder's label comes 3 s later
    expect(page.locator("#count-misplaced")).to_have_text("0")

    page.get_by_role("button", name="关闭摄像头").click()
    expect(page.locator("#camera")).to_be_hidden()
